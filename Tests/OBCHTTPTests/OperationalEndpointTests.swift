import Foundation
import Hummingbird
import OBCApp
import OBCHTTP
import OBCTestSupport
import Testing

@Suite("Health, start-up validation and the OpenAPI document")
struct OperationalEndpointTests {
    let fixture = try! ManagementFixture()

    @Test func healthProbesAnswer() async throws {
        let runtime = try TestRuntime(environment: fixture.environment)
        defer { runtime.removeFiles() }
        try await runtime.withServer { client in
            for path in ["/health/live", "/healthz"] {
                let live = try await client.send(.get, path)
                #expect(live.status == .ok)
                #expect(live["Status"] as? String == "Live")
            }
            let ready = try await client.send(.get, "/health/ready")
            #expect(ready.status == .ok)
            #expect(ready["Status"] as? String == "Ready")
            #expect(ready["Warnings"] == nil)
        }
    }

    @Test func startupValidationReportsACertificateWhoseKeyIsGone() async throws {
        let first = try TestRuntime(environment: fixture.environment)
        defer { first.removeFiles() }
        let fixture = self.fixture
        let ids = IDBox()
        try await first.withServer { client in
            let (wac, seal) = try await fixture.createCertificates(client)
            await ids.set([wac, seal])
        }
        var environment = fixture.environment
        environment.removeValue(forKey: "OpenBankingConnector__Keys__ObSeal")
        environment["OpenBankingConnector__Keys__ObWac"] = fixture.otherKey.privateKeyPEM
        let restarted = try first.reopened(environment: environment)
        let created = await ids.values
        try await restarted.withServer { client in
            let ready = try await client.send(.get, "/health/ready")
            #expect(ready.status == .ok, "a certificate whose key fails is a warning: only registrations that use it fail")
            #expect(ready["Status"] as? String == "Ready")
            let warnings = try #require(ready["Warnings"] as? [String])
            #expect(warnings.count == 2)
            #expect(warnings.contains { $0.contains("ObWacCertificate record with ID \(created[0])") && $0.contains("does not belong") })
            #expect(
                warnings.contains {
                    $0.contains("ObSealCertificate record with ID \(created[1])") && $0.contains("Name OpenBankingConnector:Keys:ObSeal")
                })
        }
        #expect(restarted.logs.text.contains("ObSealCertificate record with ID \(created[1])"))
        for secret in fixture.secretValues {
            #expect(!restarted.logs.text.contains(secret))
        }
    }

    /// The document lists exactly the routes the router serves, no more and no fewer.
    @Test(arguments: [nil, "/tmp/swagger-ui-dist"])
    func openAPIDocumentMatchesTheRouter(assets: String?) throws {
        let runtime = try TestRuntime(environment: fixture.environment)
        defer { runtime.removeFiles() }
        let services = try runtime.makeRuntime().services
        let options = HTTPFrontOptions(swaggerAssetsDirectory: assets)
        let router = buildRouter(services: services, startupReport: StartupReport(), options: options)
        let served = Set(router.routes.map { "\($0.method.rawValue.lowercased()) \($0.path.description)" })
        let document = openAPIDocument(services: services, options: options)
        var documented = Set<String>()
        for (path, item) in document["paths"]?.objectValue ?? [:] {
            for method in item.objectValue?.keys ?? [:].keys { documented.insert("\(method) \(path)") }
        }
        #expect(!served.isEmpty)
        #expect(
            served == documented,
            "served but undocumented: \(served.subtracting(documented)); documented but not served: \(documented.subtracting(served))")
    }

    @Test func openAPIDocumentIsServedAndValid() async throws {
        let runtime = try TestRuntime(environment: fixture.environment)
        defer { runtime.removeFiles() }
        let file = runtime.directory.appendingPathComponent("swagger.json")
        try await runtime.withServer { client in
            let document = try await client.send(.get, "/swagger/v1/swagger.json")
            #expect(document.status == .ok)
            #expect(document.contentType == "application/json")
            #expect(document["openapi"] as? String == "3.0.3")
            let sources = ((document.object["components"] as? [String: Any])?["schemas"] as? [String: Any])?["SecretSource"] as? [String: Any]
            #expect((sources?["enum"] as? [String])?.contains("Configuration") == true)
            try document.text.write(to: file, atomically: true, encoding: .utf8)

            let page = try await client.send(.get, "/swagger/index.html")
            #expect(page.status == .ok)
            #expect(page.contentType?.hasPrefix("text/html") == true)
            #expect(page.text.contains("/swagger/v1/swagger.json"))
            #expect(page.text.contains("swagger-ui-dist@"))
        }
        let result = try PythonTool.run(["-m", "openapi_spec_validator", file.path])
        #expect(result.status == 0, "openapi-spec-validator: \(result.output)")
    }
}

actor IDBox {
    var values: [String] = []
    func set(_ values: [String]) { self.values = values }
}
