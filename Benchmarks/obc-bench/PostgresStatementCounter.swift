import Foundation
import Logging
import PostgresNIO

/// Counts what the connector asks of PostgreSQL while `body` runs: transactions from
/// `pg_stat_database` (any server), and statements, one round trip each, from the server log
/// with `log_statement = 'all'` switched on for the duration (only on a cluster this run
/// started, whose log it can read and whose settings it may change).
struct PostgresStatementCounter {
    let client: PostgresClient
    let logPath: String?
    let logger: Logger

    struct Counts {
        var transactions: Int
        /// nil when the server log cannot be read (an operator's server).
        var statements: Int?
        var statementsByKind: [String: Int]
    }

    func count(_ body: () async throws -> Void) async throws -> Counts {
        if logPath != nil { try await setLogStatement("all") }
        let logStart = logPath.flatMap { try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int } ?? 0
        let before = try await transactions()
        try await body()
        // An idle backend reports its transaction counts to the statistics within 10 s.
        try await Task.sleep(for: .seconds(11))
        let after = try await transactions()
        guard let logPath else { return Counts(transactions: after - before, statements: nil, statementsByKind: [:]) }
        try await setLogStatement("none")
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: logPath))
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(logStart))
        let text = String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
        var kinds: [String: Int] = [:]
        for line in text.split(separator: "\n") {
            guard let range = line.range(of: "LOG:  statement: ") ?? line.range(of: "LOG:  execute <unnamed>: ") else { continue }
            let word = line[range.upperBound...].split(whereSeparator: \.isWhitespace).prefix(6).joined(separator: " ")
            // The counter's own statements and the bench's fixture are not the connector's.
            if line.contains("pg_stat_database") || line.contains("log_statement") || line.contains("pg_reload_conf") { continue }
            kinds[word, default: 0] += 1
        }
        // Each of the counter's two pg_stat_database reads is a transaction of its own.
        return Counts(transactions: after - before - 1, statements: kinds.values.reduce(0, +), statementsByKind: kinds)
    }

    private func transactions() async throws -> Int {
        let rows = try await client.query(
            "SELECT (xact_commit + xact_rollback)::bigint FROM pg_stat_database WHERE datname = current_database()", logger: logger)
        for try await value in rows.decode(Int.self) { return value }
        return 0
    }

    private func setLogStatement(_ value: String) async throws {
        try await client.query(PostgresQuery(unsafeSQL: "ALTER SYSTEM SET log_statement = '\(value)'"), logger: logger)
        try await client.query("SELECT pg_reload_conf()", logger: logger)
        // Backends pick the new setting up at their next command; give the signal time to land.
        try await Task.sleep(for: .milliseconds(300))
    }
}
