import Foundation
import OBCTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Issue 19 item 2: a key switch is refused while a running `obc serve` cannot resolve the key,
/// naming each one; `--force` overrides; each server warns once when its current key stops
/// resolving and once when it resolves again. Two real servers on SQLite and on PostgreSQL.
@Suite("A key switch asks every running instance first", .serialized)
struct KeySwitchAcrossInstancesTests {
    static let key1 = "OpenBankingConnector:Keys:Encryption:Key1"
    static let key2 = "OpenBankingConnector:Keys:Encryption:Key2"
    static let stopped = "does not resolve in this instance"
    static let resumed = "resolves in this instance again"
    let fixture = try! ManagementFixture()

    @Test func onSQLite() async throws {
        let runtime = try TestRuntime(environment: fixture.environment)
        defer { runtime.removeFiles() }
        try await switchBeside(database: ["--database", runtime.databasePath], extra: [:], create: ["--create"])
    }

    @Test(.enabled(if: PostgresTestCluster.available, Comment(rawValue: PostgresTestCluster.skipMessage)))
    func onPostgreSQL() async throws {
        let cluster = try await PostgresTestCluster.shared()
        try await switchBeside(database: [], extra: cluster.environment(database: try await cluster.createDatabase()), create: [])
    }

    /// Key1 is current; both servers hold Key1 but not Key2; only the CLI holds Key2.
    func switchBeside(database: [String], extra: [String: String], create: [String]) async throws {
        var cli = fixture.environment.merging(extra) { _, new in new }
        cli["OpenBankingConnector__Server__HeartbeatSeconds"] = "1"
        var server = cli
        server.removeValue(forKey: "OpenBankingConnector__Keys__Encryption__Key2")
        let added = try await CLIProcess.run(["keys", "add", "--name", Self.key1, "--set-current"] + database + create, environment: cli)
        #expect(added.status == 0, "\(added.output)")
        let serve = ["serve", "--port", "0"] + database
        try await CLIProcess.with(serve, environment: server) { a in
            try await CLIProcess.with(serve, environment: server) { b in
                let ports = [try await a.listeningPort(), try await b.listeningPort()]
                let key2 = try await refusedThenForced(database: database, cli: cli, servers: [a, b])
                for port in ports { #expect(try await LiveHTTP.get("http://127.0.0.1:\(port)/health/ready").0 == 503) }
                try await Task.sleep(for: .seconds(4))  // four more beats: still one warning each
                for process in [a, b] { #expect(process.text.components(separatedBy: Self.stopped).count == 2, "\(process.text)") }

                let key1Id = try #require(added.output.split(separator: "\n").map(String.init).first { UUID(uuidString: $0) != nil })
                let back = try await CLIProcess.run(["keys", "set-current", key1Id] + database, environment: cli)
                #expect(back.status == 0, "\(back.output)")
                for process in [a, b] { try await process.waitForOutput(containing: Self.resumed, timeout: 15) }
                try await Task.sleep(for: .seconds(3))
                for process in [a, b] {
                    #expect(process.text.components(separatedBy: Self.resumed).count == 2, "\(process.text)")
                    #expect(process.text.components(separatedBy: Self.stopped).count == 2, "\(process.text)")
                    for secret in fixture.secretValues { #expect(!process.text.contains(secret)) }
                }
                #expect(!key2.isEmpty)
            }
        }
        // Stopped cleanly, both removed their rows: no one is left to refuse a switch.
        let listed = try await CLIProcess.run(["keys", "list"] + database, environment: cli)
        let key2Id = try #require(listed.output.split(separator: "\n").first { $0.hasSuffix(Self.key2) }?.split(separator: " ").first)
        let alone = try await CLIProcess.run(["keys", "set-current", String(key2Id)] + database, environment: cli)
        #expect(alone.status == 0, "\(alone.output)")
        #expect(!alone.output.contains("refused"), "\(alone.output)")
    }

    /// `keys add --set-current` refuses naming both servers; `keys set-current --force` makes it
    /// current and both servers warn. Returns Key2's id.
    func refusedThenForced(database: [String], cli: [String: String], servers: [CLIProcess]) async throws -> String {
        let refused = try await CLIProcess.run(["keys", "add", "--name", Self.key2, "--set-current"] + database, environment: cli)
        #expect(refused.status == 78, "\(refused.output)")
        #expect(refused.output.contains("2 running instances cannot resolve the key"), "\(refused.output)")
        #expect(refused.output.contains("Name \(Self.key2)"), "\(refused.output)")
        #expect(refused.output.contains("--force"), "\(refused.output)")
        for server in servers {
            let pid = server.process.processIdentifier
            let line = refused.output.split(separator: "\n").first { $0.contains("pid \(pid) ") }
            #expect(line?.contains("host \(ProcessInfo.processInfo.hostName)") == true, "\(refused.output)")
            #expect(line?.contains("(instance ") == true && line?.contains("cannot resolve it") == true, "\(refused.output)")
        }
        let key2 = try #require(refused.output.split(separator: "\n").map(String.init).first { UUID(uuidString: $0) != nil })
        #expect(refused.output.contains(key2))
        let list = try await CLIProcess.run(["keys", "list"] + database, environment: cli)
        let line = try #require(list.output.split(separator: "\n").first { $0.hasPrefix(key2) }, "\(list.output)")
        #expect(!line.contains("*"), "refused, so Key2 is not current: \(list.output)")

        let plain = try await CLIProcess.run(["keys", "set-current", key2] + database, environment: cli)
        #expect(plain.status == 78, "\(plain.output)")
        for server in servers { #expect(plain.output.contains("pid \(server.process.processIdentifier) "), "\(plain.output)") }
        let forced = try await CLIProcess.run(["keys", "set-current", key2, "--force"] + database, environment: cli)
        #expect(forced.status == 0, "\(forced.output)")
        #expect(forced.output.contains("warning: --force"), "\(forced.output)")
        #expect(forced.output.contains("Current encryption key: \(key2)"), "\(forced.output)")
        for server in servers { try await server.waitForOutput(containing: Self.stopped, timeout: 15) }
        return key2
    }
}
