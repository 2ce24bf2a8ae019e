import Foundation
import GRDB
import GRDBSQLite
import OBCCore
import OBCPluginAPI

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
        try ResealSQLite.check(sqlite3_bind_text(select.sqliteStatement, 2, key.lowercasedText, -1, ResealSQLite.transient), db)
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
            try ResealSQLite.check(code == SQLITE_ROW ? SQLITE_OK : code, db)
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
