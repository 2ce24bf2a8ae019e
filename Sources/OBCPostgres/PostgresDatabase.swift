import Foundation
import Logging
import OBCPluginAPI
import PostgresNIO

/// The pooled client as the repositories use it: every call leaves a connection-level failure
/// as the core's unavailable error (see ``PostgresFailure``), anything else as it was, and every
/// call has a deadline (see ``PostgresDeadline``): no pooled connection within ``leaseDeadline``
/// (the server is down: PostgresNIO keeps such requests waiting until its circuit breaker trips
/// after a minute; or every connection is busy), or no answer within `deadline` (the connection
/// died under the call), is unavailable too, so a request answers 503 rather than hang.
struct PostgresDatabase: Sendable {
    let client: PostgresClient
    /// How long one call may take from asking for a connection to its last row.
    var deadline = Self.operationDeadline

    static let leaseDeadline = Duration.seconds(4)
    /// A request's store call: well under the 5 s a caller waits for its 503 at most.
    static let operationDeadline = Duration.seconds(4)
    /// Calls that move many rows (copies, rotations, verification walks).
    static let bulkDeadline = Duration.seconds(300)

    /// The same client for calls that move many rows: a connection as soon, a longer answer.
    var bulk: PostgresDatabase { PostgresDatabase(client: client, deadline: Self.bulkDeadline) }

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
        let (lease, limit) = (Self.leaseDeadline, deadline)
        return try await PostgresFailure.mapping {
            try await PostgresDeadline.run(
                limit: limit, lease: lease,
                expired: { leased in
                    OBCError.databaseUnavailable(
                        cause: leased ? "PostgreSQL: no answer within \(limit)" : "PostgreSQL: no pooled connection within \(lease)")
                }
            ) { [client] ticket in
                try await client.withConnection { connection in
                    ticket.leased(connection)
                    return try await body(connection)
                }
            }
        }
    }
}
