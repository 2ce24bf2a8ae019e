import Foundation
import OBCTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite("SIGHUP reloads the configuration of a running obc serve")
struct ConfigurationReloadTests {
    let fixture = try! ManagementFixture()

    func yaml(keys: [String: String], database: String) -> String {
        var text = "OpenBankingConnector:\n  Database:\n    Path: \(database)\n  Server:\n    Port: 0\n  Keys:\n"
        for (name, value) in keys.sorted(by: { $0.key < $1.key }) {
            text += "    \(name): |\n" + value.split(separator: "\n").map { "      \($0)\n" }.joined()
        }
        return text
    }

    func ready(_ port: Int) async throws -> (Int, [String: Any]) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/health/ready")!)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:])
    }

    /// Readiness warns about a stored certificate whose key disappears from the file (and stays
    /// 200: only registrations using it fail), and stops warning when it returns; each reload
    /// logs the changed setting names, never a value.
    @Test func readinessFollowsTheReloadedKeys() async throws {
        let records = try TestRuntime(environment: fixture.environment)
        defer { records.removeFiles() }
        let fixture = self.fixture
        try await records.withServer { client in _ = try await fixture.createCertificates(client) }
        let keys = ["ObWac": fixture.wacKey.privateKeyPEM, "ObSeal": fixture.sealKey.privateKeyPEM]
        let config = records.directory.appendingPathComponent("obc.yaml")
        try yaml(keys: keys, database: records.databasePath).write(to: config, atomically: true, encoding: .utf8)

        let server = try CLIProcess(["serve", "--config", config.path, "--log-format", "json"])
        try await server.waitForOutput(containing: "listening on")
        let started = try #require(server.text.split(separator: "\n").first { $0.contains("listening on") })
        let message = try #require((try JSONSerialization.jsonObject(with: Data(started.utf8)) as? [String: Any])?["message"] as? String)
        let port = try #require(message.split(separator: ":").last.flatMap { Int($0) })
        #expect(try await ready(port).0 == 200)

        try yaml(keys: ["ObWac": keys["ObWac"]!], database: records.databasePath).write(to: config, atomically: true, encoding: .utf8)
        server.signal(SIGHUP)
        try await server.waitForOutput(containing: "Configuration reloaded")
        let (status, body) = try await ready(port)
        #expect(status == 200)
        let warnings = try #require(body["Warnings"] as? [String])
        #expect(warnings.contains { $0.contains("ObSealCertificate") && $0.contains("OpenBankingConnector:Keys:ObSeal") }, "\(body)")

        try yaml(keys: keys, database: records.databasePath).write(to: config, atomically: true, encoding: .utf8)
        server.signal(SIGHUP)
        let deadline = Date().addingTimeInterval(30)
        while server.text.components(separatedBy: "Configuration reloaded").count < 3, Date() < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        let (fixed, fixedBody) = try await ready(port)
        #expect(fixed == 200 && fixedBody["Warnings"] == nil, "\(fixedBody)")

        server.signal(SIGTERM)
        #expect(try await server.waitForExit() == 0)
        let reloads = server.text.split(separator: "\n").filter { $0.contains("Configuration reloaded") }
        #expect(reloads.count == 2)
        for line in reloads {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "JSON lines: \(line)")
            #expect(object["changed_settings"] as? String == "openbankingconnector:keys:obseal")
        }
        for secret in fixture.secretValues { #expect(!server.text.contains(secret)) }
    }
}
