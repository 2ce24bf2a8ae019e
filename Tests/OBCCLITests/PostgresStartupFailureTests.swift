import Foundation
import OBCTestSupport
import Testing

/// Issue 19 item 4: `obc serve`, `obc db migrate` and `obc db copy` say within 5 s, in words,
/// what is wrong with PostgreSQL and which setting fixes it, and exit 78, instead of a minute of
/// driver retries. Real processes against a real PostgreSQL (and a port nothing listens on).
@Suite(
    "PostgreSQL start-up failures in words", .serialized,
    .enabled(if: PostgresTestCluster.available, Comment(rawValue: PostgresTestCluster.skipMessage)))
struct PostgresStartupFailureTests {
    let fixture = try! ManagementFixture()
    static let connectionSetting = "OpenBankingConnector:Database:ConnectionStrings:PostgreSql"

    @Test func passwordMissingOrWrongIsNamedWithItsSetting() async throws {
        try await PostgresTestCluster.withOwn { cluster in
            let database = try await cluster.createDatabase()
            try await cluster.requirePassword("right-password")
            let connection = cluster.connectionString(database: database)

            let missing = try await timed(["db", "copy", "--from", "/nonexistent/obc.sqlite", "--to", connection], fixture.environment)
            expectWords(missing, ["no password is configured", "OpenBankingConnector:Database:PasswordSettingNames:PostgreSql"])

            var environment = fixture.environment.merging(cluster.environment(database: database)) { _, new in new }
            environment["OpenBankingConnector__Database__PasswordSettingNames__PostgreSql"] = "DbPassword"
            environment["DbPassword"] = "wrong-password"
            let wrong = try await timed(["serve", "--port", "0"], environment)
            expectWords(wrong, ["authentication failed", "the setting DbPassword", Self.connectionSetting])
            #expect(!wrong.output.contains("wrong-password"), "\(wrong.output)")

            environment["DbPassword"] = "right-password"
            let migrated = try await CLIProcess.run(["db", "migrate"], environment: environment)
            #expect(migrated.status == 0, "\(migrated.output)")
        }
    }

    @Test func refusedMissingDatabaseAndTLSAreNamed() async throws {
        let cluster = try await PostgresTestCluster.shared()
        let database = try await cluster.createDatabase()
        let environment = fixture.environment.merging(cluster.environment(database: database)) { _, new in new }
        let key = "OpenBankingConnector__Database__ConnectionStrings__PostgreSql"

        let closedPort = try ClosedPort.make()
        var refused = environment
        refused[key] = "Host=127.0.0.1;Port=\(closedPort);Database=\(database);Username=obc"
        // A refused connection fails fast (issue 19 item 1): the whole process, start to exit, within 2 s.
        expectWords(
            try await timed(["serve", "--port", "0"], refused), ["cannot be reached", "refused", "Host and Port", Self.connectionSetting],
            within: 2)

        var noDatabase = environment
        noDatabase[key] = cluster.connectionString(database: "no_such_database")
        expectWords(try await timed(["db", "migrate"], noDatabase), ["has no database no_such_database", Self.connectionSetting])

        var tls = environment
        tls[key] = cluster.connectionString(database: database).replacingOccurrences(of: "SSL Mode=Disable", with: "SSL Mode=Require")
        expectWords(try await timed(["db", "migrate"], tls), ["does not offer TLS", "SSL Mode", Self.connectionSetting])
    }

    /// Runs `arguments` and returns its exit status, output and how long it took.
    func timed(_ arguments: [String], _ environment: [String: String]) async throws -> (status: Int32, output: String, seconds: Double) {
        let start = Date()
        let (status, output) = try await CLIProcess.run(arguments, environment: environment, timeout: 90)
        return (status, output, Date().timeIntervalSince(start))
    }

    /// Exit 78 within `seconds` (5 s unless given), one error line holding every one of `words`, no driver dump.
    func expectWords(
        _ result: (status: Int32, output: String, seconds: Double), _ words: [String], within seconds: Double = 5,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(result.status == 78, "\(result.output)", sourceLocation: sourceLocation)
        #expect(result.seconds < seconds, "took \(result.seconds) s: \(result.output)", sourceLocation: sourceLocation)
        // `obc serve` writes it as a log line (level `error`), the other commands as `error: …`.
        let line =
            result.output.split(separator: "\n").first { $0.hasPrefix("error: ") || $0.contains(" error obc: ") }.map(String.init) ?? ""
        for word in words { #expect(line.contains(word), "'\(word)' missing from: \(result.output)", sourceLocation: sourceLocation) }
        for dump in ["PSQLError", "circuitBreaker", "CircuitBreaker"] {
            #expect(!result.output.contains(dump), "\(result.output)", sourceLocation: sourceLocation)
        }
    }
}
