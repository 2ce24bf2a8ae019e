import Foundation
import GRDB
import GRDBSQLite
import OBCCore

/// The UPDATE of a re-seal transaction, stepped through SQLite's C API: for a million rows,
/// binding through GRDB's generic conversions cost as much as SQLite's own B-tree work on
/// the writer thread. Blobs are bound in place. Prepared per transaction, reset after use.
struct ResealUpdate {
    private let update: Statement

    init(_ db: Database, key: UUID) throws {
        update = try db.makeStatement(
            sql: """
                UPDATE encrypted_object SET encryption_key_description_id = ?, nonce = ?, tag = ?, ciphertext = ?, modified = ?
                WHERE rowid = ? AND nonce = ?
                """)
        // Every row goes to the same key; bindings outlive `sqlite3_reset`.
        try ResealSQLite.check(sqlite3_bind_text(update.sqliteStatement, 1, key.lowercasedText, -1, ResealSQLite.transient), db)
    }

    /// Writes `object`'s nonce, tag and ciphertext into row `rowid` if the row still holds
    /// `previousNonce`; false if another writer changed it since it was read.
    func write(_ db: Database, _ object: EncryptedObject, rowid: Int64, previousNonce: Data) throws -> Bool {
        let statement = update.sqliteStatement
        defer { sqlite3_reset(statement) }
        let code = object.nonce.withUnsafeBytes { nonce in
            object.tag.withUnsafeBytes { tag in
                object.ciphertext.withUnsafeBytes { ciphertext in
                    previousNonce.withUnsafeBytes { previous in
                        // Bound without a copy (a nil destructor is SQLITE_STATIC), so the
                        // step runs while the buffers are in scope.
                        sqlite3_bind_blob(statement, 2, nonce.baseAddress, Int32(nonce.count), nil)
                        sqlite3_bind_blob(statement, 3, tag.baseAddress, Int32(tag.count), nil)
                        sqlite3_bind_blob(statement, 4, ciphertext.baseAddress, Int32(ciphertext.count), nil)
                        sqlite3_bind_double(statement, 5, object.modified.timeIntervalSince1970)
                        sqlite3_bind_int64(statement, 6, rowid)
                        sqlite3_bind_blob(statement, 7, previous.baseAddress, Int32(previous.count), nil)
                        return sqlite3_step(statement)
                    }
                }
            }
        }
        try ResealSQLite.check(code == SQLITE_DONE ? SQLITE_OK : code, db)
        return sqlite3_changes(db.sqliteConnection) > 0
    }
}
