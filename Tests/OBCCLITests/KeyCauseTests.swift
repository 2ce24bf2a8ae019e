import Foundation
import OBCApp
import OBCCore
import OBCPluginAPI
import OBCTestSupport
import Testing

/// Issue 19 item 3: `obc keys verify` and `keys rotate` print why a key does not resolve
/// (not set, not base64, wrong length), not only "does not exist or is not a usable key".
@Suite("obc keys verify and rotate print the real cause", .serialized)
struct KeyCauseTests {
    static let key1 = "OpenBankingConnector__Keys__Encryption__Key1"
    let fixture = try! ManagementFixture()

    /// The value Key1 has when the commands run (nil: unset), and the cause they must print.
    static let cases: [(value: String?, cause: String)] = [
        (nil, "no value with key OpenBankingConnector:Keys:Encryption:Key1 was found"),
        ("not base64 at all!", "the secret is not base64"),
        (TestPKI.encryptionKey(bytes: 31), "the secret decodes to 31 bytes"),
    ]

    @Test func verifyAndRotateNameTheCause() async throws {
        let test = try TestRuntime(environment: fixture.environment)
        defer { test.removeFiles() }
        let runtime = try test.makeRuntime()
        let keys = runtime.services.encryptionKeyDescriptions
        _ = try await keys.create(.init(key: SecretDescription(name: "OpenBankingConnector:Keys:Encryption:Key1"), setAsCurrent: true))
        for index in 0..<3 {
            try await runtime.services.sealer.store(SecretValue("secret-\(index)"), owner: UUID(), purpose: .clientSecret)
        }
        _ = try await keys.create(.init(key: SecretDescription(name: "OpenBankingConnector:Keys:Encryption:Key2"), setAsCurrent: true))
        for (value, cause) in Self.cases {
            var environment = fixture.environment
            environment[Self.key1] = value
            if value == nil { environment.removeValue(forKey: Self.key1) }
            let database = ["--database", test.databasePath]
            let verify = try await CLIProcess.run(["keys", "verify"] + database, environment: environment)
            #expect(verify.status == 78, "\(verify.output)")
            #expect(verify.output.contains("failed (3 objects):") && verify.output.contains(cause), "\(verify.output)")
            let rotate = try await CLIProcess.run(["keys", "rotate"] + database, environment: environment)
            #expect(rotate.status == 1, "\(rotate.output)")
            #expect(rotate.output.split(separator: "\n").contains { $0.hasPrefix("failed: ") && $0.contains(cause) }, "\(rotate.output)")
            for output in [verify.output, rotate.output] {
                if let value { #expect(!output.contains(value)) }
                for secret in fixture.secretValues { #expect(!output.contains(secret)) }
            }
        }
    }
}
