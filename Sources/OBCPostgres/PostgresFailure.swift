import NIOCore
import OBCPluginAPI
import PostgresNIO
import _ConnectionPoolModule

/// Tells a database that cannot be reached (refused, closed, timed out, shutting down, out of
/// connections) from a statement that failed: the first becomes the core's unavailable error
/// (HTTP 503, the same request may succeed later), the second stays what it was (a 500).
enum PostgresFailure {
    /// Runs `body`; a connection-level failure leaves it as `OBCError.databaseUnavailable`.
    static func mapping<Result>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch {
            throw translated(error)
        }
    }

    static func translated(_ error: any Error) -> any Error {
        isConnectionLevel(error) ? OBCError.databaseUnavailable(cause: "PostgreSQL: \(String(reflecting: error))") : error
    }

    /// SQLSTATE classes and codes that say the server cannot serve now, not that the SQL is wrong:
    /// 08 connection exception, 53300 too many connections, 57P01-57P03 shutting down or starting.
    static let unavailableStates: Set<String> = ["53300", "57P01", "57P02", "57P03"]

    static func isConnectionLevel(_ error: any Error) -> Bool {
        switch error {
        case let error as PSQLError:
            if let state = error.serverInfo?[.sqlState] { return state.hasPrefix("08") || unavailableStates.contains(state) }
            let codes: [PSQLError.Code] = [.connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed]
            return codes.contains(error.code) || error.underlying.map(isConnectionLevel) == true
        case is ConnectionPoolError, is ChannelError, is IOError:
            return true
        default:
            return false
        }
    }
}
