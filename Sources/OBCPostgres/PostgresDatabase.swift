import Foundation
import Logging
import OBCPluginAPI
import PostgresNIO

/// The pooled client as the repositories use it: every call leaves a connection-level failure
/// as the core's unavailable error (see ``PostgresFailure``), anything else as it was. A call
/// that gets no pooled connection within ``leaseDeadline`` (the server is down: PostgresNIO
/// keeps such requests waiting until its circuit breaker trips after a minute; or every
/// connection is busy) is unavailable too, rather than holding the caller.
struct PostgresDatabase: Sendable {
    let client: PostgresClient

    static let leaseDeadline = Duration.seconds(8)

    /// The query's rows, read on one leased connection.
    @discardableResult
    func query(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow] {
        try await withConnection { connection in
            var rows: [PostgresRow] = []
            for try await row in try await connection.query(query, logger: logger) { rows.append(row) }
            return rows
        }
    }

    func transaction<Result: Sendable>(logger: Logger, _ body: @escaping @Sendable (PostgresConnection) async throws -> Result) async throws
        -> Result
    {
        try await withConnection { connection in try await connection.transaction(logger: logger, body) }
    }

    func withConnection<Result: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> Result) async throws -> Result {
        try await PostgresFailure.mapping {
            let leased = LeaseFlag()
            return try await withThrowingTaskGroup(of: Result?.self) { group in
                group.addTask {
                    try await client.withConnection { connection in
                        leased.set()
                        return try await body(connection)
                    }
                }
                group.addTask {
                    try await Task.sleep(for: Self.leaseDeadline)
                    if leased.isSet { return nil }
                    throw OBCError.databaseUnavailable(cause: "PostgreSQL: no pooled connection within \(Self.leaseDeadline)")
                }
                while let next = try await group.next() {
                    if let result = next {
                        group.cancelAll()
                        return result
                    }
                }
                throw CancellationError()
            }
        }
    }

    /// Set once the pool has handed a connection over.
    final class LeaseFlag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        func set() { lock.withLock { value = true } }
        var isSet: Bool { lock.withLock { value } }
    }
}
