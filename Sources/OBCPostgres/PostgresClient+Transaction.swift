import Logging
import PostgresNIO

extension PostgresClient {
    /// `BEGIN` … `COMMIT` on one leased connection, `ROLLBACK` if `body` throws. Unlike
    /// PostgresNIO's `withTransaction`, the body's own error is rethrown as it is, so the core's
    /// errors (not found, conflict) reach the fronts unchanged.
    func transaction<Result: Sendable>(logger: Logger, _ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        try await withConnection { connection in
            try await connection.query("BEGIN", logger: logger)
            do {
                let result = try await body(connection)
                try await connection.query("COMMIT", logger: logger)
                return result
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }
}
