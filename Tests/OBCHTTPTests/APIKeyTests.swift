import Foundation
import HTTPTypes
import Hummingbird
import Logging
import OBCApp
import OBCCore
import OBCPluginAPI
import OBCTestSupport
import Testing

@Suite("API keys and who may reach the listener")
struct APIKeyTests {
    let fixture = try! ManagementFixture()
    let apiKey = "k-" + TestPKI.encryptionKey()

    var environment: [String: String] {
        TestRunRecorder.secrets([apiKey])
        var environment = fixture.environment
        environment["OpenBankingConnector__Security__ApiKeys__Primary__Name"] = "OpenBankingConnector:Keys:ManagementApi"
        environment["OpenBankingConnector__Keys__ManagementApi"] = apiKey
        return environment
    }

    @Test func callsWithoutTheKeyGet401AndCallsWithItSucceed() async throws {
        let runtime = try TestRuntime(environment: environment)
        defer { runtime.removeFiles() }
        let apiKey = self.apiKey
        try await runtime.withServer { client in
            let missing = try await client.send(.get, "/manage/software-statements")
            let wrong = try await client.send(.get, "/manage/software-statements", headers: [.authorization: "Bearer wrong-key-of-some-length"])
            let wrongHeader = try await client.send(.get, "/manage/software-statements", headers: [HTTPField.Name("X-API-Key")!: apiKey + "x"])
            for refused in [missing, wrong, wrongHeader] {
                #expect(refused.status == .unauthorized)
                #expect(refused.contentType == "application/problem+json")
                #expect(refused.headers[.wwwAuthenticate] == "Bearer")
                #expect(!refused.text.contains("ManagementApi") && !refused.text.contains("Primary"), "no hint which keys exist")
            }
            #expect(missing["detail"] as? String == wrong["detail"] as? String)
            let bearer = try await client.send(.get, "/manage/software-statements", headers: [.authorization: "Bearer \(apiKey)"])
            #expect(bearer.status == .ok, "\(bearer.text)")
            let header = try await client.send(.get, "/manage/software-statements", headers: [HTTPField.Name("X-API-Key")!: apiKey])
            #expect(header.status == .ok)
            // Probes, metrics and the docs stay open by default.
            for open in ["/health/ready", "/health/live", "/healthz", "/metrics", "/swagger/v1/swagger.json"] {
                #expect(try await client.send(.get, open).status == .ok, "\(open)")
            }
        }
        for secret in [apiKey] + fixture.secretValues { #expect(!runtime.logs.text.contains(secret)) }
    }

    @Test func probesCanBeClosedToo() async throws {
        var environment = self.environment
        environment["OpenBankingConnector__Security__OpenProbes"] = "false"
        let runtime = try TestRuntime(environment: environment)
        defer { runtime.removeFiles() }
        let apiKey = self.apiKey
        try await runtime.withServer { client in
            let metrics = try await client.send(.get, "/metrics")
            let ready = try await client.send(.get, "/health/ready")
            let withKey = try await client.send(.get, "/metrics", headers: [.authorization: "Bearer \(apiKey)"])
            #expect(metrics.status == .unauthorized)
            #expect(ready.status == .unauthorized)
            #expect(withKey.status == .ok)
        }
    }

    /// The OpenAPI document declares both forms, so Swagger UI's Authorize button offers them.
    @Test func openAPIDocumentDeclaresTheScheme() async throws {
        let runtime = try TestRuntime(environment: environment)
        defer { runtime.removeFiles() }
        let file = runtime.directory.appendingPathComponent("swagger.json")
        try await runtime.withServer { client in
            let document = try await client.send(.get, "/swagger/v1/swagger.json")
            let schemes = try #require((document["components"] as? [String: Any])?["securitySchemes"] as? [String: Any])
            #expect((schemes["ApiKey"] as? [String: Any])?["name"] as? String == "X-API-Key")
            #expect((schemes["Bearer"] as? [String: Any])?["scheme"] as? String == "bearer")
            #expect((document["security"] as? [Any])?.count == 2)
            let paths = try #require(document["paths"] as? [String: Any])
            let list = (paths["/manage/software-statements"] as? [String: Any])?["get"] as? [String: Any]
            #expect((list?["responses"] as? [String: Any])?["401"] != nil)
            let live = (paths["/health/live"] as? [String: Any])?["get"] as? [String: Any]
            #expect((live?["security"] as? [Any])?.isEmpty == true)
            try document.text.write(to: file, atomically: true, encoding: .utf8)
        }
        let result = try PythonTool.run(["-m", "openapi_spec_validator", file.path])
        #expect(result.status == 0, "openapi-spec-validator: \(result.output)")
    }

    @Test func aKeyThatCannotBeResolvedStopsStartUp() async throws {
        var environment = self.environment
        environment.removeValue(forKey: "OpenBankingConnector__Keys__ManagementApi")
        let runtime = try TestRuntime(environment: environment)
        defer { runtime.removeFiles() }
        await #expect(throws: OBCError.self) { try await runtime.withServer { _ in } }
    }

    /// A non-loopback address needs API keys, mutual TLS or an explicit statement that the network protects it.
    @Test func anOpenAddressWithoutAuthenticationRefusesToStart() async throws {
        let runtime = try TestRuntime(environment: fixture.environment)
        defer { runtime.removeFiles() }
        func build(_ extra: [String: String]) async throws {
            let settings = try AppSettings(
                flags: [AppSettings.databasePathKey: runtime.databasePath, AppSettings.hostKey: "0.0.0.0"],
                environment: runtime.environment.merging(extra) { _, new in new })
            _ = try await buildApplication(runtime: OBCRuntime(settings: settings, logger: runtime.logs.logger()), port: 0)
        }
        do {
            try await build([:])
            Issue.record("0.0.0.0 without authentication started")
        } catch let error as OBCError {
            #expect(error.kind == .misconfigured)
            #expect(error.detail.contains("0.0.0.0"))
            #expect(error.detail.contains("OpenBankingConnector:Security:NetworkIsProtected"))
        }
        try await build(["OpenBankingConnector__Security__NetworkIsProtected": "true"])
        try await build(environment.filter { $0.key.contains("ManagementApi") || $0.key.contains("ApiKeys") })
    }
}
