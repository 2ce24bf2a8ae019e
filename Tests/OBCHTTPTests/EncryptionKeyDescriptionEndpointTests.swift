import Foundation
import OBCTestSupport
import Testing

@Suite("Encryption key descriptions through the real server")
struct EncryptionKeyDescriptionEndpointTests {
    let fixture = try! ManagementFixture()

    @Test func createReadSetCurrentAndDelete() async throws {
        let runtime = try TestRuntime(environment: fixture.environment)
        defer { runtime.removeFiles() }
        try await runtime.withServer { client in
            let first = try await client.send(
                .post, "/manage/encryption-key-descriptions",
                json: ["Key": ManagementFixture.secret("Encryption:Key1"), "SetAsCurrentEncryptionKey": true])
            #expect(first.status == .created)
            let firstId = try #require(first["Id"] as? String)
            #expect(first.headers[.location] == "/manage/encryption-key-descriptions/\(firstId)")
            #expect((first["Key"] as? [String: String])?["Name"] == "OpenBankingConnector:Keys:Encryption:Key1")

            let second = try await client.send(
                .post, "/manage/encryption-key-descriptions", json: ["Key": ManagementFixture.secret("Encryption:Key2")])
            let secondId = try #require(second["Id"] as? String)
            #expect(try await client.send(.get, "/manage/encryption-key-descriptions/\(secondId)").status == .ok)

            let refused = try await client.send(.delete, "/manage/encryption-key-descriptions/\(firstId)")
            #expect(refused.status == .conflict)
            #expect((refused["detail"] as? String)?.contains("current") == true)

            #expect(try await client.send(.delete, "/manage/encryption-key-descriptions/\(secondId)").status == .ok)
            #expect(try await client.send(.get, "/manage/encryption-key-descriptions/\(secondId)").status == .notFound)
        }
    }

    @Test(arguments: [("Encryption:Short", "31 bytes"), ("Encryption:NotBase64", "not base64"), ("Encryption:Missing", "no value with key")])
    func keysThatAreNotAES256AreRefused(name: String, phrase: String) async throws {
        let runtime = try TestRuntime(environment: fixture.environment)
        defer { runtime.removeFiles() }
        try await runtime.withServer { client in
            let response = try await client.send(.post, "/manage/encryption-key-descriptions", json: ["Key": ManagementFixture.secret(name)])
            #expect(response.status == .badRequest)
            #expect(response["field"] as? String == "Key")
            #expect((response["detail"] as? String)?.contains("does not exist or is not a usable key") == true, "\(response.text)")
        }
        #expect(runtime.logs.text.contains(phrase))
    }

    @Test func secretValuesNeverAppearInResponsesOrLogs() async throws {
        let runtime = try TestRuntime(environment: fixture.environment)
        defer { runtime.removeFiles() }
        let fixture = self.fixture
        let responses = ResponseLog()
        try await runtime.withServer { client in
            let created = try await client.send(
                .post, "/manage/encryption-key-descriptions", json: ["Key": ManagementFixture.secret("Encryption:Key1")])
            await responses.add(created.text)
            let id = created["Id"] as? String ?? ""
            await responses.add(try await client.send(.get, "/manage/encryption-key-descriptions/\(id)").text)
            await responses.add(
                try await client.send(.post, "/manage/encryption-key-descriptions", json: ["Key": ManagementFixture.secret("Encryption:Short")]).text)
            let (wac, seal, statement) = try await fixture.createSoftwareStatement(client)
            for path in ["obwac-certificates/\(wac)", "obseal-certificates/\(seal)", "software-statements/\(statement)"] {
                await responses.add(try await client.send(.get, "/manage/\(path)").text)
            }
            var wrong = fixture.wacBody
            wrong["AssociatedKey"] = ManagementFixture.secret("Other")
            await responses.add(try await client.send(.post, "/manage/obwac-certificates", json: wrong).text)
        }
        let everything = await responses.text + runtime.logs.text
        #expect(!everything.isEmpty)
        for secret in fixture.secretValues {
            #expect(!everything.contains(secret))
        }
    }
}

actor ResponseLog {
    var text = ""
    func add(_ line: String) { text += line + "\n" }
}
