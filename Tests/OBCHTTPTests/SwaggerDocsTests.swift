import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OBCTestSupport
import Testing

@Suite("Swagger UI is never a blank page")
struct SwaggerDocsTests {
    let fixture = try! ManagementFixture()

    /// The folder of the Swagger UI copy the pip package `swagger-ui-bundle` ships (`.ci/run` installs it).
    static func pipSwaggerUI() throws -> String {
        let result = try PythonTool.run(["-c", "import swagger_ui_bundle; print(swagger_ui_bundle.swagger_ui_path)"])
        guard result.status == 0 else { throw FixtureError(message: "pip install swagger-ui-bundle first: \(result.output)") }
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func rootAndSwaggerRedirectToTheUI() async throws {
        let runtime = try TestRuntime(environment: fixture.environment)
        defer { runtime.removeFiles() }
        try await runtime.withServer { client in
            for path in ["/", "/swagger"] {
                let response = try await client.send(.get, path)
                #expect(response.status == .found)
                #expect(response.headers[.location] == "/swagger/index.html")
            }
            let page = try await client.send(.get, "/swagger/index.html")
            #expect(page.text.contains("typeof SwaggerUIBundle"), "the page explains itself when the CDN copy does not load")
            #expect(page.text.contains("pip install swagger-ui-bundle"))
        }
    }

    @Test func aLocalCopyFromThePipPackageIsServed() async throws {
        let assets = try Self.pipSwaggerUI()
        let runtime = try TestRuntime(environment: fixture.environment.merging(["OBC_SWAGGER_ASSETS": assets]) { _, new in new })
        defer { runtime.removeFiles() }
        try await runtime.withServer { client in
            let page = try await client.send(.get, "/swagger/index.html")
            #expect(page.text.contains("/swagger/assets/swagger-ui-bundle.js"))
            let script = try await client.send(.get, "/swagger/assets/swagger-ui-bundle.js")
            #expect(script.status == .ok)
            #expect(script.contentType?.hasPrefix("application/javascript") == true)
            #expect(script.text.contains("SwaggerUIBundle"))
            #expect(try await client.send(.get, "/swagger/assets/swagger-ui.css").status == .ok)
            #expect(try await client.send(.get, "/health/ready")["Warnings"] == nil)
        }
    }

    /// The page and readiness say the setting is wrong; only the server log names the folder (issue 19 item 6).
    @Test func aWrongAssetsFolderIsReportedAtStartUpAndOnThePage() async throws {
        let folder = "/nonexistent-\(UUID().uuidString)/swagger-ui-dist"
        let runtime = try TestRuntime(environment: fixture.environment.merging(["OBC_SWAGGER_ASSETS": folder]) { _, new in new })
        defer { runtime.removeFiles() }
        try await runtime.withServer { client in
            let page = try await client.send(.get, "/swagger/index.html")
            #expect(page.status == .ok)
            #expect(page.text.contains("API documentation unavailable"))
            #expect(page.text.contains("misconfigured") && page.text.contains("OBC_SWAGGER_ASSETS"), "\(page.text)")
            #expect(!page.text.contains(folder) && !page.text.contains("/nonexistent-"), "no server path on an unauthenticated page")
            #expect(page.text.contains("pip install swagger-ui-bundle"))
            let ready = try await client.send(.get, "/health/ready")
            #expect(ready.status == .ok, "a docs problem does not stop service")
            let warnings = try #require(ready["Warnings"] as? [String])
            #expect(warnings.contains { $0.contains("misconfigured") && $0.contains("OBC_SWAGGER_ASSETS") }, "\(warnings)")
            #expect(!ready.text.contains("/nonexistent-"), "\(ready.text)")
        }
        #expect(runtime.logs.text.contains("warning") && runtime.logs.text.contains(folder))
    }

    /// Renders the page in headless Chromium (Debian's `chromium` package): the local copy
    /// draws the operations, and with the CDN unreachable the page says what happened.
    @Test func rendersInHeadlessChromium() async throws {
        let assets = try Self.pipSwaggerUI()
        let local = try TestRuntime(environment: fixture.environment.merging(["OBC_SWAGGER_ASSETS": assets]) { _, new in new })
        defer { local.removeFiles() }
        try await local.withServer { client in
            let port = try #require(client.port)
            let dom = try Self.chromiumDOM("http://127.0.0.1:\(port)/swagger/index.html")
            #expect(dom.contains("opblock-summary"), "Swagger UI drew no operation:\n\(dom.prefix(2000))")
            #expect(dom.contains("/manage/bank-registrations"))
            let readmeCount = try Self.readmeRenderCheck(port: port).trimmingCharacters(in: .whitespacesAndNewlines)
            let operations = try await Self.operationCount(client)
            #expect(
                operations > 1 && readmeCount == String(operations),
                "docs/operations.md's render check counted \(readmeCount) of \(operations) operations")
        }
        let cdn = try TestRuntime(environment: fixture.environment)
        defer { cdn.removeFiles() }
        try await cdn.withServer { client in
            let port = try #require(client.port)
            let dom = try Self.chromiumDOM("http://127.0.0.1:\(port)/swagger/index.html", blockCDN: true)
            #expect(dom.contains("API documentation unavailable"), "\(dom.prefix(2000))")
            #expect(dom.contains("could not be loaded from https://unpkg.com"))
        }
    }

    /// The render check in docs/operations.md, run as written against `port`: it prints the operations drawn.
    static func readmeRenderCheck(port: Int) throws -> String {
        let readme = try String(contentsOf: TestEnvironment.packageRoot.appendingPathComponent("docs/operations.md"), encoding: .utf8)
        let line = try #require(readme.split(separator: "\n").first { $0.contains("`chromium --headless") })
        let command = try #require(line.split(separator: "`").first { $0.hasPrefix("chromium --headless") })
        return try ReadmeCommandTests.bash(
            command.replacingOccurrences(of: "127.0.0.1:8080", with: "127.0.0.1:\(port)"), in: FileManager.default.temporaryDirectory)
    }

    /// How many operations the served document declares.
    static func operationCount(_ client: any TestClientProtocol) async throws -> Int {
        let body = try await client.execute(uri: "/swagger/v1/swagger.json", method: .get) { String(buffer: $0.body) }
        let document = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options"]
        return paths.values.reduce(0) { $0 + $1.keys.filter(methods.contains).count }
    }

    static func chromiumDOM(_ url: String, blockCDN: Bool = false) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/chromium")
        var arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--virtual-time-budget=15000", "--dump-dom",
        ]
        if blockCDN { arguments.append("--host-resolver-rules=MAP unpkg.com 127.0.0.1:9") }
        process.arguments = arguments + [url]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
