import Foundation
import GRDB
import OBCCore

/// Encrypted objects in SQLite. The nonce column is UNIQUE, so no two objects can ever share
/// a nonce, whichever process wrote them.
struct SQLiteEncryptedObjectRepository: EncryptedObjectRepository {
    let pool: DatabasePool

    static let columns = "id, owner_id, purpose, encryption_key_description_id, nonce, tag, ciphertext, created, modified"

    /// Page cache of the writer connection once it has run a `replace`, in KiB. A rotation
    /// batch updates rows scattered over the table and its key and nonce indexes; in SQLite's
    /// default 2 MB cache those dirty pages spill into the WAL before the commit and are
    /// written again. Only a process that rotates calls `replace`, and the cache is kept
    /// rather than shrunk after each batch, which only churned the allocator and grew RSS.
    static let replaceCacheKiB = 16 * 1024

    func insert(_ object: EncryptedObject) async throws {
        try await insert(contentsOf: [object])
    }

    func insert(contentsOf objects: [EncryptedObject]) async throws {
        do {
            try await pool.write { db in
                let statement = try db.cachedStatement(sql: "INSERT INTO encrypted_object (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                for object in objects {
                    try statement.execute(arguments: [
                        object.id.databaseText, object.ownerId.databaseText, object.purpose.rawValue, object.keyDescriptionId.databaseText,
                        object.nonce, object.tag, object.ciphertext, object.created.timeIntervalSince1970, object.modified.timeIntervalSince1970,
                    ])
                }
            }
        } catch let error as DatabaseError where Self.isNonceConflict(error) {
            throw EncryptedObjectStoreError.nonceReused
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY {
            throw OBCError(.misconfigured, "An encrypted object names an encryption key description that does not exist.")
        }
    }

    func find(owner: UUID, purpose: EncryptionPurpose) async throws -> EncryptedObject? {
        try await pool.read { db in
            try Row.fetchOne(
                db,
                sql:
                    "SELECT \(Self.columns) FROM encrypted_object WHERE owner_id = ? AND purpose = ? AND is_deleted = 0 ORDER BY created DESC LIMIT 1",
                arguments: [owner.databaseText, purpose.rawValue]
            ).map(Self.decode)
        }
    }

    func batch(after: UUID?, notSealedWith key: UUID?, limit: Int) async throws -> [EncryptedObject] {
        try await pool.read { db in
            let statement: Statement
            var arguments: StatementArguments = [after?.databaseText ?? ""]
            if let key {
                statement = try db.cachedStatement(
                    sql: "SELECT \(Self.columns) FROM encrypted_object WHERE id > ? AND encryption_key_description_id <> ? ORDER BY id LIMIT ?")
                arguments += [key.databaseText]
            } else {
                statement = try db.cachedStatement(sql: "SELECT \(Self.columns) FROM encrypted_object WHERE id > ? ORDER BY id LIMIT ?")
            }
            arguments += [limit]
            var objects: [EncryptedObject] = []
            let rows = try Row.fetchCursor(statement, arguments: arguments)
            while let row = try rows.next() { objects.append(try Self.decode(row)) }
            return objects
        }
    }

    func replace(_ objects: [EncryptedObject], previousKey: [UUID: UUID]) async throws -> Int {
        do {
            return try await pool.write { db in
                if try Int.fetchOne(db, sql: "PRAGMA cache_size") != -Self.replaceCacheKiB {
                    try db.execute(sql: "PRAGMA cache_size = \(-Self.replaceCacheKiB)")
                }
                let statement = try db.cachedStatement(
                    sql: """
                        UPDATE encrypted_object SET encryption_key_description_id = ?, nonce = ?, tag = ?, ciphertext = ?, modified = ?
                        WHERE id = ? AND encryption_key_description_id = ?
                        """)
                var replaced = 0
                for object in objects {
                    guard let previous = previousKey[object.id] else { continue }
                    try statement.execute(arguments: [
                        object.keyDescriptionId.databaseText, object.nonce, object.tag, object.ciphertext, object.modified.timeIntervalSince1970,
                        object.id.databaseText, previous.databaseText,
                    ])
                    replaced += db.changesCount
                }
                return replaced
            }
        } catch let error as DatabaseError where Self.isNonceConflict(error) {
            throw EncryptedObjectStoreError.nonceReused
        }
    }

    func countByKey() async throws -> [UUID: Int] {
        try await pool.read { db in
            var counts: [UUID: Int] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT encryption_key_description_id AS key, COUNT(*) AS n FROM encrypted_object WHERE is_deleted = 0 GROUP BY key")
            {
                if let id = UUID(uuidString: row["key"]) { counts[id] = row["n"] }
            }
            return counts
        }
    }

    static func isNonceConflict(_ error: DatabaseError) -> Bool {
        error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE && (error.message ?? "").contains("encrypted_object.nonce")
    }

    static func decode(_ row: Row) throws -> EncryptedObject {
        EncryptedObject(
            id: try row.uuid("id"),
            ownerId: try row.uuid("owner_id"),
            purpose: EncryptionPurpose(rawValue: row["purpose"]),
            keyDescriptionId: try row.uuid("encryption_key_description_id"),
            nonce: row["nonce"],
            tag: row["tag"],
            ciphertext: row["ciphertext"],
            created: row.date("created") ?? Date(timeIntervalSince1970: 0),
            modified: row.date("modified") ?? Date(timeIntervalSince1970: 0)
        )
    }
}
