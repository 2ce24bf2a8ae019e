import Foundation
import HTTPTypes
import OBCApp
import OBCCore
import OBCPluginAPI
import OBCTestSupport
import Testing

@Suite("Request bodies must be JSON; CORS only for configured origins")
struct ContentTypeEndpointTests {
    let fixture = try! ManagementFixture()

    var setCurrentKeyBody: String {
        #"{"Key":{"Source":"Configuration","Name":"OpenBankingConnector:Keys:Encryption:Key1"},"SetAsCurrentEncryptionKey":true}"#
    }

    /// The cross-site write of issue 9: a `text/plain` POST (no preflight in a browser) that
    /// used to set a new current encryption key. It is refused and nothing is stored.
    @Test func textPlainPostCannotSetTheCurrentEncryptionKey() async throws {
        let runtime = try TestRuntime(environment: fixture.environment)
        defer { runtime.removeFiles() }
        let body = setCurrentKeyBody
        try await runtime.withServer { client in
            let response = try await client.send(
                .post, "/manage/encryption-key-descriptions",
                headers: [.contentType: "text/plain", .origin: "https://evil.example"], body: body)
            #expect(response.status == .unsupportedMediaType)
            #expect(response.contentType == "application/problem+json")
            #expect(response["status"] as? Int == 415)
            #expect((response["detail"] as? String)?.contains("'text/plain'") == true, "\(response.text)")
            #expect(response.headers[.accessControlAllowOrigin] == nil)
        }
        let store = try runtime.makeRuntime().store
        #expect(try await store.settings.currentEncryptionKeyId() == nil)
        #expect(try await store.encryptionKeyDescriptions.list().isEmpty)
    }

    @Test(arguments: [
        "text/plain; charset=utf-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16",
        "application/json; charset=iso-8859-1", "application/problem+json", "text/json", "application/json; foo=bar", "",
    ])
    func otherContentTypesAreRefused(contentType: String) async throws {
        let runtime = try TestRuntime(environment: fixture.environment)
        defer { runtime.removeFiles() }
        let body = setCurrentKeyBody
        try await runtime.withServer { client in
            let headers: HTTPFields = contentType.isEmpty ? [:] : [.contentType: contentType]
            let response = try await client.send(.post, "/manage/encryption-key-descriptions", headers: headers, body: body)
            #expect(response.status == .unsupportedMediaType, "\(contentType): \(response.text)")
            let detail = response["detail"] as? String ?? ""
            #expect(contentType.isEmpty ? detail.contains("no Content-Type") : detail.contains("'\(contentType)'"), "\(detail)")
        }
        #expect(try await runtime.makeRuntime().store.encryptionKeyDescriptions.list().isEmpty)
    }

    @Test(arguments: ["application/json", "application/json; charset=utf-8", "Application/JSON;Charset=\"UTF-8\""])
    func jsonIsAccepted(contentType: String) async throws {
        let runtime = try TestRuntime(environment: fixture.environment)
        defer { runtime.removeFiles() }
        let body = setCurrentKeyBody
        try await runtime.withServer { client in
            let response = try await client.send(
                .post, "/manage/encryption-key-descriptions", headers: [.contentType: contentType], body: body)
            #expect(response.status == .created, "\(contentType): \(response.text)")
        }
        #expect(try await runtime.makeRuntime().store.settings.currentEncryptionKeyId() != nil)
    }

    @Test func aBodyOnAGetMustBeJSONToo() async throws {
        let runtime = try TestRuntime(environment: fixture.environment)
        defer { runtime.removeFiles() }
        try await runtime.withServer { client in
            let response = try await client.send(.get, "/health/live", headers: [.contentType: "text/plain"], body: "x")
            #expect(response.status == .unsupportedMediaType)
            #expect(try await client.send(.get, "/health/live").status == .ok)
        }
    }

    @Test func noCORSHeadersUnlessOriginsAreConfigured() async throws {
        let runtime = try TestRuntime(environment: fixture.environment)
        defer { runtime.removeFiles() }
        try await runtime.withServer { client in
            let preflight = try await client.send(
                .options, "/manage/encryption-key-descriptions",
                headers: [.origin: "https://ops.example.com", .accessControlRequestMethod: "POST"], body: nil)
            #expect(preflight.status != .noContent && preflight.status != .ok)
            #expect(preflight.headers.contains { $0.name.canonicalName.hasPrefix("access-control-") } == false)
            let get = try await client.send(.get, "/health/live", headers: [.origin: "https://ops.example.com"], body: nil)
            #expect(get.status == .ok)
            #expect(get.headers.contains { $0.name.canonicalName.hasPrefix("access-control-") } == false)
        }
    }

    @Test func configuredOriginsGetCORSAndNoOneElseDoes() async throws {
        var environment = fixture.environment
        environment["OpenBankingConnector__Http__Cors__AllowedOrigins"] = "https://ops.example.com, http://localhost:3000"
        let runtime = try TestRuntime(environment: environment)
        defer { runtime.removeFiles() }
        try await runtime.withServer { client in
            let preflight = try await client.send(
                .options, "/manage/encryption-key-descriptions",
                headers: [.origin: "https://ops.example.com", .accessControlRequestMethod: "POST", .accessControlRequestHeaders: "content-type"],
                body: nil)
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowOrigin] == "https://ops.example.com")
            #expect(preflight.headers[.accessControlAllowMethods]?.contains("POST") == true)
            #expect(preflight.headers[.accessControlAllowHeaders] == "content-type")

            let allowed = try await client.send(.get, "/health/live", headers: [.origin: "http://localhost:3000"], body: nil)
            #expect(allowed.headers[.accessControlAllowOrigin] == "http://localhost:3000")
            #expect(allowed.headers[.vary] == "Origin")

            let other = try await client.send(
                .options, "/manage/encryption-key-descriptions",
                headers: [.origin: "https://evil.example", .accessControlRequestMethod: "POST"], body: nil)
            #expect(other.headers[.accessControlAllowOrigin] == nil)
            let otherGet = try await client.send(.get, "/health/live", headers: [.origin: "https://evil.example"], body: nil)
            #expect(otherGet.headers[.accessControlAllowOrigin] == nil)
        }
    }

    @Test func aYAMLListOfOriginsWorksAndAWildcardIsRefused() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("obc-cors-\(UUID().uuidString).yaml")
        try "OpenBankingConnector:\n  Http:\n    Cors:\n      AllowedOrigins:\n        - https://a.example\n        - https://b.example:8443\n"
            .write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let settings = try AppSettings(configFile: file.path, environment: [:])
        #expect(try settings.allowedOrigins() == ["https://a.example", "https://b.example:8443"])
        let wildcard = try AppSettings(environment: ["OpenBankingConnector__Http__Cors__AllowedOrigins": "*"])
        #expect(throws: OBCError.self) { try wildcard.allowedOrigins() }
    }
}
