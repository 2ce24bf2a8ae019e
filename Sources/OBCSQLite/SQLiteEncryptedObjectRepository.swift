import Foundation
import GRDB
import OBCCore
import OBCPluginAPI

/// Encrypted objects in SQLite. The nonce column is UNIQUE, so no two objects can ever share
/// a nonce, whichever process wrote them.
struct SQLiteEncryptedObjectRepository: EncryptedObjectRepository {
    let pool: SQLiteDatabase

    static let columns = "id, owner_id, purpose, encryption_key_description_id, nonce, tag, ciphertext, created, modified"

    /// Page cache of the writer connection once it has re-sealed, in KiB: enough to keep the
    /// nonce and key indexes of a million objects cached while a batch's table pages pass
    /// through (those beyond it spill into the WAL once, no dearer than at the commit). Only
    /// a rotating process re-seals, and the cache is kept rather than shrunk after each
    /// batch, which only churned the allocator.
    static let resealCacheKiB = 64 * 1024
    /// Rows read at a time inside a re-seal transaction, so a batch is never all in memory.
    static let resealChunk = 1_000

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
                cached: db,
                sql:
                    "SELECT \(Self.columns) FROM encrypted_object WHERE owner_id = ? AND purpose = ? AND is_deleted = 0 ORDER BY created DESC LIMIT 1",
                arguments: [owner.databaseText, purpose.rawValue]
            ).map(Self.decode)
        }
    }

    func batch(after position: EncryptedObjectPosition?, notSealedWith key: UUID?, limit: Int) async throws -> EncryptedObjectBatch {
        try await pool.read { db in
            let rows = try Self.walk(db, after: position?.rawValue ?? 0, notSealedWith: key, limit: limit)
            return EncryptedObjectBatch(objects: rows.map(\.object), last: rows.count == limit ? rows.last.map { .init(rawValue: $0.rowid) } : nil)
        }
    }

    func reseal(
        notSealedWith key: UUID, after position: EncryptedObjectPosition?, limit: Int,
        _ reseal: @escaping @Sendable (EncryptedObject, Int) -> Result<EncryptedObject, OBCError>
    ) async throws -> ResealOutcome {
        do {
            return try await pool.writeWithoutTransaction { db in
                if try Int.fetchOne(db, sql: "PRAGMA cache_size") != -Self.resealCacheKiB {
                    try db.execute(sql: "PRAGMA cache_size = \(-Self.resealCacheKiB)")
                }
                // With foreign keys on, every UPDATE of the key column also writes each page it
                // touches to a statement journal, in case the row's check fails: about 80 KiB a
                // row with 16 KiB pages, which made rotation several times slower. The batch
                // checks the one key it writes instead, inside the same transaction, so the
                // reference still cannot dangle. The pragma cannot change inside a transaction.
                try db.execute(sql: "PRAGMA foreign_keys = OFF")
                defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
                var outcome = ResealOutcome()
                try db.inTransaction(.immediate) {
                    guard try Bool.fetchOne(db, sql: "SELECT 1 FROM encryption_key_description WHERE id = ?", arguments: [key.lowercasedText]) != nil
                    else {
                        throw OBCError(
                            .misconfigured, "Encryption key description \(key.lowercasedText) does not exist, so nothing can be sealed with it.")
                    }
                    outcome = try Self.reseal(db, pool: pool.base, notSealedWith: key, after: position?.rawValue ?? 0, limit: limit, reseal)
                    return .commit
                }
                return outcome
            }
        } catch let error as DatabaseError where Self.isNonceConflict(error) {
            throw EncryptedObjectStoreError.nonceReused
        }
    }

    /// The body of `reseal`, inside its transaction. A `ResealReadAhead` reads and re-seals
    /// the next chunks on another thread and reader connection while this one only writes,
    /// so SQLite's reading, AES and SQLite's writing share the two cores. A row read ahead
    /// is written only if its nonce is still the one read (nonces are unique and change on
    /// every write), so a row another process changed meanwhile is left for the next pass.
    private static func reseal(
        _ db: Database, pool: DatabasePool, notSealedWith key: UUID, after position: Int64, limit: Int,
        _ reseal: @escaping @Sendable (EncryptedObject, Int) -> Result<EncryptedObject, OBCError>
    ) throws -> ResealOutcome {
        let update = try ResealUpdate(db, key: key)
        let readAhead = ResealReadAhead(pool: pool, key: key, after: position, limit: limit, chunk: resealChunk, reseal)
        defer { readAhead.cancel() }
        var outcome = ResealOutcome()
        while let chunk = try readAhead.next() {
            for (row, result) in zip(chunk.rows, chunk.resealed) {
                switch result {
                case .success(let object) where object.keyDescriptionId != key:
                    outcome.failures[row.object.id] = OBCError(
                        .internal, "Encrypted object \(object.id.lowercasedText) was re-sealed with a key other than the one checked.")
                case .success(let object):
                    if try update.write(db, object, rowid: row.rowid, previousNonce: row.object.nonce) { outcome.replaced += 1 }
                case .failure(let error):
                    outcome.failures[row.object.id] = error
                }
            }
            outcome.visited += chunk.rows.count
            outcome.last = chunk.continueAfter.map(EncryptedObjectPosition.init(rawValue:))
        }
        return outcome
    }

    /// Objects after `rowid` in rowid order, the table's physical order: walking it reads and
    /// rewrites pages in sequence, where id order (random UUIDs) touches them at random.
    static func walk(_ db: Database, after rowid: Int64, notSealedWith key: UUID?, limit: Int) throws -> [(rowid: Int64, object: EncryptedObject)] {
        let statement: Statement
        var arguments: StatementArguments = [rowid]
        if let key {
            statement = try db.cachedStatement(
                sql: "SELECT \(columns), rowid FROM encrypted_object WHERE rowid > ? AND encryption_key_description_id <> ? ORDER BY rowid LIMIT ?")
            arguments += [key.lowercasedText]
        } else {
            statement = try db.cachedStatement(sql: "SELECT \(columns), rowid FROM encrypted_object WHERE rowid > ? ORDER BY rowid LIMIT ?")
        }
        arguments += [limit]
        var rows: [(rowid: Int64, object: EncryptedObject)] = []
        rows.reserveCapacity(limit)
        let cursor = try Row.fetchCursor(statement, arguments: arguments)
        while let row = try cursor.next() { rows.append((row[9], try decode(row))) }
        return rows
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

    /// Decodes the columns of `columns`, in that order, by index (rotation decodes millions).
    static func decode(_ row: Row) throws -> EncryptedObject {
        EncryptedObject(
            id: try row.uuid(atIndex: 0, column: "id"),
            ownerId: try row.uuid(atIndex: 1, column: "owner_id"),
            purpose: EncryptionPurpose(rawValue: row[2]),
            keyDescriptionId: try row.uuid(atIndex: 3, column: "encryption_key_description_id"),
            nonce: row[4],
            tag: row[5],
            ciphertext: row[6],
            created: Date(timeIntervalSince1970: row[7]),
            modified: Date(timeIntervalSince1970: row[8])
        )
    }
}
