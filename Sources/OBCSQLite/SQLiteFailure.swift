import GRDB
import OBCPluginAPI

/// Tells a database file that cannot be used for now (locked by another process past the busy
/// timeout, unopenable, read-only, an I/O error, a full disk) from a statement that failed:
/// the first becomes the core's unavailable error (HTTP 503), the second stays as it was (a 500).
enum SQLiteFailure {
    static let unavailableCodes: [ResultCode] = [.SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_IOERR, .SQLITE_FULL]

    static func translated(_ error: any Error) -> any Error {
        guard let error = error as? DatabaseError, unavailableCodes.contains(error.resultCode) else { return error }
        return OBCError.databaseUnavailable(cause: "SQLite: \(error.extendedResultCode): \(error.message ?? "")")
    }
}
