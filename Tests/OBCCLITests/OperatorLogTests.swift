import Foundation
import OBCApp
import OBCTestSupport
import Testing

/// Issue 19 item 5: logs an operator can ship, from the real `obc serve` process.
@Suite("obc serve's log lines: JSON objects, the start-up line, reload warnings")
struct OperatorLogTests {
    func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("obc-logs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Every non-empty line parsed as one JSON object; a line that is not one fails the test.
    func objects(_ output: String) -> [[String: Any]] {
        output.split(separator: "\n").compactMap { line in
            let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
            #expect(object != nil, "not one JSON object: \(line)")
            return object
        }
    }

    @Test func jsonModeWritesOnlyObjectsWithNumbersAndOneStartUpLine() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("obc.sqlite").path
        let environment = ["OpenBankingConnector__Servr__Port": "1"]
        let output = try await CLIProcess.with(["serve", "--port", "0", "--database", database, "--log-format", "json"], environment: environment) {
            server in
            try await server.waitForOutput(containing: "listening on")
            let listening = try #require(objects(server.text).compactMap { $0["message"] as? String }.first { $0.contains("listening on") })
            let port = try #require(listening.split(separator: ":").last.flatMap { Int($0) })
            let (status, _) = try await LiveHTTP.get("http://127.0.0.1:\(port)/manage/software-statements")
            #expect(status == 200)
            server.signal(SIGHUP)
            try await server.waitForOutput(containing: "Configuration reloaded")
            server.signal(SIGTERM)
            #expect(try await server.waitForExit() == 0)
            return server.text
        }
        let lines = objects(output)
        let warnings = lines.filter { ($0["message"] as? String)?.contains("Unknown setting OpenBankingConnector:Servr:Port") == true }
        #expect(warnings.count == 2, "one at start-up, one at the reload: \(output)")
        #expect(warnings.allSatisfy { $0["level"] as? String == "warning" })
        let access = try #require(lines.first { $0["message"] as? String == "HTTP request" }, "\(output)")
        #expect((access["status"] as? NSNumber)?.intValue == 200 && !(access["status"] is String), "\(access)")
        #expect(access["duration_ms"] is NSNumber && !(access["duration_ms"] is String), "\(access)")
        let starts = lines.filter { ($0["message"] as? String)?.contains("starting") == true }
        #expect(starts.count == 1, "\(output)")
        let start = try #require(starts.first)
        #expect(start["version"] as? String == OBCVersion.current)
        #expect(start["database_provider"] as? String == "sqlite")
        #expect(start["database_location"] as? String == database)
        #expect((start["schema_version"] as? NSNumber)?.intValue ?? 0 > 0, "\(start)")
        #expect((start["migrations_applied"] as? NSNumber)?.intValue == (start["schema_version"] as? NSNumber)?.intValue, "a new file")
        #expect(start["listener"] as? String == "plain")
        #expect(start["api_keys"] as? String == "off")
        for count in ["plugins", "key_sources", "bank_profiles"] {
            #expect(((start[count] as? NSNumber)?.intValue ?? 0) > 0, "\(count): \(start)")
        }
    }

    /// A fatal error is a JSON line too, and the exit code says usage (64) or configuration (78).
    @Test func jsonModeFatalErrorsAreObjects() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("obc.sqlite").path
        let usage = try await CLIProcess.run(["serve", "--port", "99999", "--database", database, "--log-format", "json"])
        #expect(usage.status == 64, "\(usage.output)")
        let refusal = try #require(objects(usage.output).first)
        #expect(refusal["level"] as? String == "error")
        #expect((refusal["message"] as? String)?.contains("--port '99999'") == true, "\(usage.output)")
        let missing = try await CLIProcess.run(
            ["serve", "--database", database, "--config", directory.appendingPathComponent("none.yaml").path], environment: ["OBC_LOG_FORMAT": "json"]
        )
        #expect(missing.status == 78, "\(missing.output)")
        #expect(!objects(missing.output).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: database))
    }

    /// SIGHUP warns about an unknown setting as start-up does, and a failed reload (a YAML
    /// error several lines long) is one text line.
    @Test func reloadWarnsAboutUnknownSettingsAndAFailedReloadIsOneLine() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("obc.yaml")
        let base = "OpenBankingConnector:\n  Database:\n    Path: \(directory.appendingPathComponent("obc.sqlite").path)\n  Server:\n    Port: 0\n"
        try base.write(to: config, atomically: true, encoding: .utf8)
        try await CLIProcess.with(["serve", "--config", config.path]) { server in
            _ = try await server.listeningPort()
            #expect(!server.text.contains("Unknown setting"))
            try (base + "  Srever:\n    Port: 1\n").write(to: config, atomically: true, encoding: .utf8)
            server.signal(SIGHUP)
            try await server.waitForOutput(containing: "Configuration reloaded")
            #expect(server.text.contains("Unknown setting OpenBankingConnector:Srever:Port is ignored"), "\(server.text)")
            try (base + "   Bad: [1\n").write(to: config, atomically: true, encoding: .utf8)
            server.signal(SIGHUP)
            try await server.waitForOutput(containing: "Configuration reload failed")
            server.signal(SIGTERM)
            #expect(try await server.waitForExit() == 0)
            let lines = server.text.split(separator: "\n")
            let failed = try #require(lines.first { $0.contains("Configuration reload failed") })
            #expect(failed.contains("not valid YAML") && failed.contains("Bad: [1"), "\(failed)")
            for line in lines {
                #expect(line.range(of: #"^\d{4}-\d{2}-\d{2}T"#, options: .regularExpression) != nil, "a line that is not a log line: \(line)")
            }
        }
    }

    /// On PostgreSQL the start-up line names the server and database, never the connection string.
    @Test(.enabled(if: PostgresTestCluster.available, Comment(rawValue: PostgresTestCluster.skipMessage)))
    func theStartUpLineOnPostgreSQLNamesTheServerWithoutTheConnectionString() async throws {
        try await PostgresTestCluster.withOwn { cluster in
            let database = try await cluster.createDatabase()
            let environment = cluster.environment(database: database).merging(["OBC_LOG_FORMAT": "json"]) { _, new in new }
            let output = try await CLIProcess.with(["serve", "--port", "0"], environment: environment) { server in
                try await server.waitForOutput(containing: "listening on")
                server.signal(SIGTERM)
                #expect(try await server.waitForExit() == 0)
                return server.text
            }
            let start = try #require(objects(output).first { ($0["message"] as? String)?.contains("starting") == true }, "\(output)")
            #expect(start["database_provider"] as? String == "postgresql")
            #expect(start["database_location"] as? String == "127.0.0.1:\(cluster.port)/\(database)", "\(start)")
            #expect(((start["migrations_applied"] as? NSNumber)?.intValue ?? 0) > 0, "a new database is migrated at start-up")
            #expect(!output.contains("Host=") && !output.contains("Username="), "\(output)")
        }
    }
}
