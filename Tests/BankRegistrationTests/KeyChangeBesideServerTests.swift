import Foundation
import OBCTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Issue 9 item 10: a new current key set by the CLI beside running servers.
@Suite("A current key changed beside running servers", .serialized)
struct KeyChangeBesideServerTests {
    static let key2Name = "OpenBankingConnector:Keys:Encryption:Key2"

    @Test func serversUseTheNewKeyWithoutRestartAndReadinessNamesAKeyTheyCannotResolve() async throws {
        try await RegistrationHarness.with { harness in
            let statement = try await harness.createSoftwareStatement()
            var withKey2 = harness.runtime.environment
            withKey2["OpenBankingConnector__Keys__Encryption__Key2"] = TestPKI.encryptionKey()
            let database = ["--database", harness.runtime.databasePath]
            // A holds Key2 in its configuration; B does not. Both start before Key2 exists.
            try await CLIProcess.serving(["serve", "--port", "0"] + database, environments: [withKey2, harness.runtime.environment]) { bases in
                let (a, b) = (bases[0], bases[1])
                #expect(try await LiveHTTP.get("\(b)/health/ready").0 == 200)

                // B cannot resolve Key2, so the switch needs --force (issue 19).
                let added = try await CLIProcess.run(
                    ["keys", "add", "--name", Self.key2Name, "--set-current", "--force"] + database, environment: withKey2)
                #expect(added.status == 0, "\(added.output)")
                #expect(added.output.contains("warning: --force") && added.output.contains("1 running instance cannot resolve"), "\(added.output)")
                let key2Id = try #require(added.output.split(separator: "\n").map(String.init).first { UUID(uuidString: $0) != nil })
                #expect(UUID(uuidString: key2Id) != nil)
                #expect(added.output.contains("warning: every obc process on this database"))
                #expect(added.output.contains("Name \(Self.key2Name)"))

                let (readyB, bodyB) = try await LiveHTTP.get("\(b)/health/ready")
                #expect(readyB == 503)
                #expect(bodyB.contains(key2Id) && bodyB.contains(Self.key2Name), "\(bodyB)")
                #expect(!bodyB.contains(withKey2["OpenBankingConnector__Keys__Encryption__Key2"]!))
                #expect(try await LiveHTTP.get("\(a)/health/ready").0 == 200)

                // A seals the bank's registration access token with Key2, without a restart.
                let (status, body) = try await LiveHTTP.post(
                    "\(a)/manage/bank-registrations", ["BankProfile": "Lloyds_Sandbox", "SoftwareStatementId": statement, "UseSimulatedBank": true])
                #expect(status == 201, "\(body)")
                let listed = try await CLIProcess.run(["keys", "list"] + database, environment: withKey2)
                let key2Line = try #require(listed.output.split(separator: "\n").first { $0.hasPrefix(key2Id) })
                let objects = key2Line.split(separator: " ").compactMap { Int($0) }.first
                #expect((objects ?? 0) >= 1, "\(listed.output)")

                // B recovers by itself once the key is current elsewhere again.
                let key1Id = try #require(listed.output.split(separator: "\n").first { $0.contains("Key1") }?.split(separator: " ").first)
                let reset = try await CLIProcess.run(["keys", "set-current", String(key1Id)] + database, environment: withKey2)
                #expect(reset.status == 0, "\(reset.output)")
                #expect(reset.output.contains("warning: every obc process on this database"))
                #expect(try await LiveHTTP.get("\(b)/health/ready").0 == 200)
            }
        }
    }
}
