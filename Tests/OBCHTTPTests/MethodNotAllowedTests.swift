import Foundation
import HTTPTypes
import OBCTestSupport
import Testing

/// Issue 19 item 6: a method a path does not serve gets 405 with `Allow`, before any
/// Content-Type check (these used to answer 415, or 404 without a body).
@Suite("405 Method Not Allowed with Allow")
struct MethodNotAllowedTests {
    let fixture = try! ManagementFixture()

    @Test(arguments: [
        (HTTPRequest.Method.patch, "/manage/software-statements", "GET, POST"),
        (.put, "/manage/software-statements", "GET, POST"),
        (.put, "/manage/obwac-certificates", "GET, POST"),
        (.post, "/manage/obwac-certificates/\(UUID().uuidString.lowercased())", "DELETE, GET"),
        (.patch, "/manage/software-statements/\(UUID().uuidString.lowercased())", "DELETE, GET, PUT"),
        (.post, "/health/ready", "GET"),
        (.delete, "/metrics", "GET"),
    ])
    func anUnservedMethodGets405WithAllow(method: HTTPRequest.Method, path: String, allow: String) async throws {
        let runtime = try TestRuntime(environment: fixture.environment)
        defer { runtime.removeFiles() }
        try await runtime.withServer { client in
            for contentType in ["text/plain", "application/json"] {
                let response = try await client.send(method, path, headers: [.contentType: contentType], body: "{}")
                #expect(response.status == .methodNotAllowed, "\(method) \(path) \(contentType): \(response.text)")
                #expect(response.headers[.allow] == allow)
                #expect(response.contentType == "application/problem+json")
                #expect((response["detail"] as? String)?.contains(method.rawValue) == true, "\(response.text)")
            }
            let unknown = try await client.send(method, "/manage/nothing-here", headers: [.contentType: "application/json"], body: "{}")
            #expect(unknown.status == .notFound, "\(unknown.text)")
        }
    }
}
