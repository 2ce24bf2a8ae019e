import Foundation
import OBCTestSupport
import Testing

/// Issue 9: a key name pointing at an unrelated configuration value (`PATH`) answered "not a
/// PEM private key", so a caller learned that the name exists. Missing and unusable secrets
/// now get one answer naming only the source and the name; the log keeps the reason.
@Suite("A secret name does not reveal whether a configuration value exists")
struct SecretNameProbeTests {
    let fixture = try! ManagementFixture()

    var environment: [String: String] {
        fixture.environment.merging(["PATH": "/usr/local/bin:/usr/bin:/bin", "HOSTNAME": "obc-host"]) { _, new in new }
    }

    /// The detail with the secret's name taken out, to compare answers for different names.
    static func shape(_ response: JSONResponse, name: String) -> String {
        (response["detail"] as? String ?? "").replacingOccurrences(of: name, with: "NAME")
    }

    @Test func certificateKeysGetOneAnswerForMissingAndUnusable() async throws {
        let runtime = try TestRuntime(environment: environment)
        defer { runtime.removeFiles() }
        let fixture = self.fixture
        try await runtime.withServer { client in
            var answers: [String: JSONResponse] = [:]
            for name in ["PATH", "HOSTNAME", "NoSuchSecret", "OpenBankingConnector:Keys:Encryption:Key1"] {
                var body = fixture.wacBody
                body["AssociatedKey"] = ["Source": "Configuration", "Name": name]
                answers[name] = try await client.send(.post, "/manage/obwac-certificates", json: body)
            }
            let shapes = Set(answers.map { Self.shape($0.value, name: $0.key) })
            #expect(shapes.count == 1, "\(shapes)")
            for (name, response) in answers {
                #expect(response.status == .badRequest)
                #expect(response["field"] as? String == "AssociatedKey")
                let detail = response["detail"] as? String ?? ""
                #expect(detail.contains("Source Configuration and Name \(name)"), "\(detail)")
                #expect(!detail.contains("PEM") && !detail.contains("environment variable"), "\(detail)")
            }
        }
        #expect(runtime.logs.text.contains("not a PEM private key"))
        #expect(runtime.logs.text.contains("no value with key NoSuchSecret"))
        #expect(!runtime.logs.text.contains("/usr/local/bin"))
    }

    @Test func encryptionKeysGetOneAnswerForMissingAndUnusable() async throws {
        let runtime = try TestRuntime(environment: environment)
        defer { runtime.removeFiles() }
        try await runtime.withServer { client in
            var answers: [String: JSONResponse] = [:]
            for name in ["PATH", "NoSuchSecret", "OpenBankingConnector:Keys:Encryption:Short", "OpenBankingConnector:Keys:Encryption:NotBase64"] {
                answers[name] = try await client.send(
                    .post, "/manage/encryption-key-descriptions", json: ["Key": ["Source": "Configuration", "Name": name]])
            }
            let shapes = Set(answers.map { Self.shape($0.value, name: $0.key) })
            #expect(shapes.count == 1, "\(shapes)")
            for response in answers.values {
                #expect(response.status == .badRequest)
                #expect(response["field"] as? String == "Key")
                #expect(!(response["detail"] as? String ?? "").contains("bytes"))
            }
        }
        #expect(runtime.logs.text.contains("decodes to 31 bytes"))
        #expect(runtime.logs.text.contains("not base64"))
    }
}
