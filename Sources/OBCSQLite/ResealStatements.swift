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
        try ResealStatementError.check(sqlite3_bind_text(update.sqliteStatement, 1, key.lowercasedText, -1, transient), db)
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
        try ResealStatementError.check(code == SQLITE_DONE ? SQLITE_OK : code, db)
        return sqlite3_changes(db.sqliteConnection) > 0
    }
}

/// The SELECT of a re-seal read-ahead, stepped through SQLite's C API, ids parsed from
/// SQLite's own buffers. Prepared per read, on a reader connection.
struct ResealSelect {
    private let select: Statement

    init(_ db: Database, key: UUID) throws {
        select = try db.makeStatement(
            sql: """
                SELECT \(SQLiteEncryptedObjectRepository.columns), rowid FROM encrypted_object
                WHERE rowid > ? AND encryption_key_description_id <> ? ORDER BY rowid LIMIT ?
                """)
        try ResealStatementError.check(sqlite3_bind_text(select.sqliteStatement, 2, key.lowercasedText, -1, transient), db)
    }

    /// Up to `limit` rows after `rowid` not sealed with the key, in rowid order.
    func rows(_ db: Database, after rowid: Int64, limit: Int) throws -> [(rowid: Int64, object: EncryptedObject)] {
        let statement = select.sqliteStatement
        defer { sqlite3_reset(statement) }
        sqlite3_bind_int64(statement, 1, rowid)
        sqlite3_bind_int64(statement, 3, Int64(limit))
        var rows: [(rowid: Int64, object: EncryptedObject)] = []
        rows.reserveCapacity(limit)
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { return rows }
            try ResealStatementError.check(code == SQLITE_ROW ? SQLITE_OK : code, db)
            let object = EncryptedObject(
                id: try Self.uuid(statement, 0), ownerId: try Self.uuid(statement, 1),
                purpose: EncryptionPurpose(rawValue: String(cString: sqlite3_column_text(statement, 2))),
                keyDescriptionId: try Self.uuid(statement, 3), nonce: Self.data(statement, 4), tag: Self.data(statement, 5),
                ciphertext: Self.data(statement, 6), created: Date(timeIntervalSince1970: sqlite3_column_double(statement, 7)),
                modified: Date(timeIntervalSince1970: sqlite3_column_double(statement, 8)))
            rows.append((sqlite3_column_int64(statement, 9), object))
        }
    }

    private static func uuid(_ statement: OpaquePointer, _ column: Int32) throws -> UUID {
        guard let text = sqlite3_column_text(statement, column),
            let id = UUID(utf8: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, column))))
        else {
            throw OBCError(.internal, "Column \(column) of encrypted_object does not hold a UUID.")
        }
        return id
    }

    private static func data(_ statement: OpaquePointer, _ column: Int32) -> Data {
        guard let bytes = sqlite3_column_blob(statement, column) else { return Data() }
        return Data(bytes: bytes, count: Int(sqlite3_column_bytes(statement, column)))
    }
}

/// SQLITE_TRANSIENT: SQLite copies the bound value.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

enum ResealStatementError {
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
