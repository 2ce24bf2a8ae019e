import GRDB
import GRDBSQLite

/// What the re-seal statements share when they step SQLite's C API directly.
enum ResealSQLite {
    /// SQLITE_TRANSIENT: SQLite copies the bound value.
    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Turns a result code into GRDB's error, as GRDB's own statements report them, so the
    /// repository's nonce-conflict check sees the same thing either way.
    static func check(_ code: Int32, _ db: Database) throws {
        guard code != SQLITE_OK else { return }
        let connection = db.sqliteConnection
        throw DatabaseError(
            resultCode: ResultCode(rawValue: sqlite3_extended_errcode(connection)),
            message: sqlite3_errmsg(connection).map { String(cString: $0) })
    }
}
