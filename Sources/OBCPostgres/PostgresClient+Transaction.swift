import Logging
import PostgresNIO

extension PostgresConnection {
    /// `BEGIN` … `COMMIT` on this connection, `ROLLBACK` if `body` throws. Unlike PostgresNIO's
    /// `withTransaction`, the body's own error is rethrown as it is, so the core's errors (not
    /// found, conflict) reach the fronts unchanged.
    func transaction<Result: Sendable>(logger: Logger, _ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        try await query("BEGIN", logger: logger)
        do {
            let result = try await body(self)
            try await query("COMMIT", logger: logger)
            return result
        } catch {
            _ = try? await query("ROLLBACK", logger: logger)
            throw error
        }
    }
}

extension PostgresClient {
    /// ``PostgresConnection/transaction(logger:_:)`` on one leased connection.
    func transaction<Result: Sendable>(logger: Logger, _ body: @Sendable (PostgresConnection) async throws -> Result) async throws -> Result {
        try await withConnection { connection in try await connection.transaction(logger: logger, body) }
    }
}
