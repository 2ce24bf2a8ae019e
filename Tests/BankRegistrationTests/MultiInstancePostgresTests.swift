import Foundation
import OBCApp
import OBCCore
import OBCPluginAPI
import OBCTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Three `obc serve` processes on one PostgreSQL database, requests spread round robin.
@Suite(
    "Three instances on one PostgreSQL database", .serialized,
    .enabled(if: PostgresTestCluster.available, Comment(rawValue: PostgresTestCluster.skipMessage)))
struct MultiInstancePostgresTests {
    static let key2Name = "OpenBankingConnector:Keys:Encryption:Key2"

    @Test func oneDCRAKeySetAnywhereUsedEverywhereAndRotationKilledAndResumedWhileServing() async throws {
        try await RegistrationHarness.with(postgres: true) { harness in
            var environment = harness.runtime.environment
            environment["OpenBankingConnector__Keys__Encryption__Key2"] = TestPKI.encryptionKey()
            let statement = try await harness.createSoftwareStatement()
            let objectCount = 20_000
            try await seedObjects(harness.runtime, count: objectCount)

            try await CLIProcess.serving(["serve", "--port", "0"], environments: Array(repeating: environment, count: 3)) { instances in
                // 50 concurrent POSTs for one registration group → one DCR, one ExternalApiId.
                let profiles = ["Lloyds_LloydsPersonal", "Lloyds_HalifaxPersonal"]
                harness.expectOneDCR(
                    try await harness.registerConcurrently(at: instances, profiles: profiles, statement: statement), profiles: profiles)
                try await keysAndCertificatesAgree(
                    instances, statement: statement, environment: environment, objectCount: objectCount,
                    wacCertificate: harness.simulator.pki.obWacCertificatePEM)
            }
        }
    }

    /// A key set anywhere is used everywhere; a certificate deleted on one instance is gone on
    /// the others; a rotation killed and resumed while the three serve traffic loses nothing.
    func keysAndCertificatesAgree(_ instances: [String], statement: String, environment: [String: String], objectCount: Int, wacCertificate: String)
        async throws
    {
        // A key set current through A is used by the next registration on B.
        let (created, keyBody) = try await LiveHTTP.post(
            "\(instances[0])/manage/encryption-key-descriptions", ["Key": ["Name": Self.key2Name], "SetAsCurrentEncryptionKey": true])
        #expect(created == 201, "\(keyBody)")
        let key2Id = try #require(((try JSONSerialization.jsonObject(with: Data(keyBody.utf8))) as? [String: Any])?["Id"] as? String)
        let (registered, registration) = try await LiveHTTP.post(
            "\(instances[1])/manage/bank-registrations",
            ["BankProfile": "Lloyds_Sandbox", "SoftwareStatementId": statement, "UseSimulatedBank": true])
        #expect(registered == 201, "\(registration)")
        let listed = try await CLIProcess.run(["keys", "list"], environment: environment)
        let key2Line = try #require(listed.output.split(separator: "\n").first { $0.hasPrefix(key2Id) }, "\(listed.output)")
        #expect((key2Line.split(separator: " ").compactMap { Int($0) }.first ?? 0) >= 1, "\(listed.output)")

        // A certificate created on A and deleted on C is gone on B at once.
        let (wacStatus, wacBody) = try await LiveHTTP.post(
            "\(instances[0])/manage/obwac-certificates",
            ["AssociatedKey": ["Name": "OpenBankingConnector:Keys:ObWac"], "Certificate": wacCertificate])
        #expect(wacStatus == 201, "\(wacBody)")
        let wacId = try #require(((try JSONSerialization.jsonObject(with: Data(wacBody.utf8))) as? [String: Any])?["Id"] as? String)
        #expect(try await LiveHTTP.get("\(instances[1])/manage/obwac-certificates/\(wacId)").0 == 200)
        var deletion = URLRequest(url: URL(string: "\(instances[2])/manage/obwac-certificates/\(wacId)")!)
        deletion.httpMethod = "DELETE"
        let (_, deleted) = try await URLSession.shared.data(for: deletion)
        #expect((deleted as? HTTPURLResponse)?.statusCode == 200)
        #expect(try await LiveHTTP.get("\(instances[1])/manage/obwac-certificates/\(wacId)").0 == 404)

        // Rotation killed with kill -9 and re-run while the three serve traffic.
        let (requests, failures) = try await whileServingTraffic(instances, statement: statement) {
            try await CLIProcess.with(["keys", "rotate", "--batch-size", "500"], environment: environment) { killed in
                try await killed.waitForOutput(containing: "rotating", timeout: 120)
                killed.signal(SIGKILL)
                _ = try await killed.waitForExit()
            }
            let resumed = try await CLIProcess.run(["keys", "rotate", "--batch-size", "2000"], environment: environment, timeout: 300)
            #expect(resumed.status == 0, "\(resumed.output)")
        }
        #expect(requests > 0)
        #expect(failures.isEmpty, "\(failures.prefix(3))")
        let verified = try await CLIProcess.run(["keys", "verify"], environment: environment, timeout: 300)
        #expect(verified.status == 0, "\(verified.output)")
        #expect(verified.output.contains(" 0 failed."), "\(verified.output)")
        let after = try await CLIProcess.run(["keys", "list"], environment: environment)
        let rotated = try #require(after.output.split(separator: "\n").first { $0.hasPrefix(key2Id) })
        #expect((rotated.split(separator: " ").compactMap { Int($0) }.first ?? 0) > objectCount, "\(after.output)")
        let others = after.output.split(separator: "\n").filter { UUID(uuidString: String($0.prefix(36))) != nil && !$0.hasPrefix(key2Id) }
        #expect(others.allSatisfy { $0.split(separator: " ").compactMap { Int($0) }.first == 0 }, "\(after.output)")
    }

    /// Runs `body` while registrations go round robin to `instances` in a child task, which is
    /// cancelled and awaited when `body` ends; returns how many were sent and which failed.
    func whileServingTraffic(_ instances: [String], statement: String, _ body: () async throws -> Void) async throws -> (Int, [String]) {
        try await withThrowingTaskGroup(of: (Int, [String]).self) { group in
            group.addTask {
                var failures: [String] = []
                var index = 0
                while !Task.isCancelled {
                    do {
                        let (status, body) = try await LiveHTTP.post(
                            "\(instances[index % instances.count])/manage/bank-registrations",
                            ["BankProfile": "Lloyds_LloydsPersonal", "SoftwareStatementId": statement, "UseSimulatedBank": true])
                        if status != 201 { failures.append("\(status) \(body)") }
                        index += 1
                    } catch {
                        // Cancelling the traffic cancels its last request; anything else is a failure.
                        if !Task.isCancelled { failures.append("\(error)") }
                    }
                }
                return (index, failures)
            }
            try await body()
            group.cancelAll()
            return try await group.next() ?? (0, [])
        }
    }

    /// Objects sealed with the current key (Key1), written through the store port.
    func seedObjects(_ test: TestRuntime, count: Int) async throws {
        let runtime = try await test.openRuntime()
        do {
            let (keyId, key) = try await runtime.services.sealer.currentKey()
            var batch: [EncryptedObject] = []
            for index in 0..<count {
                batch.append(
                    try SecretSealer.seal(
                        Data("seeded-\(index)".utf8), id: UUID(), owner: UUID(), purpose: .clientSecret, keyId: keyId, key: key, created: Date(),
                        modified: Date()))
                if batch.count == 5_000 || index == count - 1 {
                    try await runtime.store.encryptedObjects.insert(contentsOf: batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
        } catch {
            await runtime.close()
            throw error
        }
        await runtime.close()
    }
}
