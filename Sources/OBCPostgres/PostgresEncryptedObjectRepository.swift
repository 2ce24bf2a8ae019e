import Foundation
import Logging
import OBCCore
import OBCPluginAPI
import PostgresNIO

/// Encrypted objects in PostgreSQL. Every nonce also goes into a registry whose primary key
/// refuses a nonce used before (`PostgresMigrations.nonceRegistry`); walks follow `seq`, an
/// identity column that never changes, so a rotation can stop anywhere and resume.
struct PostgresEncryptedObjectRepository: EncryptedObjectRepository {
    let client: PostgresDatabase
    let logger: Logger

    static let columns = "id, owner_id, purpose, encryption_key_description_id, nonce, tag, ciphertext, created, modified"
    /// Objects per statement when inserting or re-sealing many.
    static let chunk = 2_000

    func insert(_ object: EncryptedObject) async throws {
        try await insert(contentsOf: [object])
    }

    func insert(contentsOf objects: [EncryptedObject]) async throws {
        guard !objects.isEmpty else { return }
        do {
            try await (objects.count > 1 ? client.bulk : client).transaction(logger: logger) { connection in
                var start = 0
                while start < objects.count {
                    let slice = objects[start..<min(start + Self.chunk, objects.count)]
                    try await connection.query(
                        """
                        WITH u AS (SELECT * FROM unnest(\(slice.map(\.id)), \(slice.map(\.ownerId)), \(slice.map(\.purpose.rawValue)),
                        \(slice.map(\.keyDescriptionId)), \(slice.map { PostgresBytea($0.nonce) }), \(slice.map { PostgresBytea($0.tag) }),
                        \(slice.map { PostgresBytea($0.ciphertext) }), \(slice.map(\.created)), \(slice.map(\.modified)))
                        AS u(\(unescaped: Self.columns))),
                        n AS (INSERT INTO \(unescaped: PostgresMigrations.nonceRegistry) (nonce) SELECT nonce FROM u)
                        INSERT INTO encrypted_object (\(unescaped: Self.columns)) SELECT * FROM u
                        """, logger: logger)
                    start += Self.chunk
                }
            }
        } catch
            where PostgresErrorCode.of(error) == PostgresErrorCode.uniqueViolation
            && PostgresErrorCode.constraint(of: error) == PostgresMigrations.nonceConstraint
        {
            throw EncryptedObjectStoreError.nonceReused
        } catch  where PostgresErrorCode.of(error) == PostgresErrorCode.foreignKeyViolation {
            throw OBCError(.misconfigured, "An encrypted object names an encryption key description that does not exist.")
        }
    }

    func find(owner: UUID, purpose: EncryptionPurpose) async throws -> EncryptedObject? {
        try await client.query(
            """
            SELECT \(unescaped: Self.selection) FROM encrypted_object WHERE owner_id = \(owner) AND purpose = \(purpose.rawValue)
            AND NOT is_deleted ORDER BY created DESC LIMIT 1
            """, logger: logger
        ).first.map(Self.object)?.object
    }

    func batch(after position: EncryptedObjectPosition?, notSealedWith key: UUID?, limit: Int) async throws -> EncryptedObjectBatch {
        let after = position?.rawValue ?? 0
        let query: PostgresQuery =
            if let key {
                """
                SELECT \(unescaped: Self.selection) FROM encrypted_object WHERE seq > \(after) AND encryption_key_description_id <> \(key)
                ORDER BY seq LIMIT \(limit)
                """
            } else {
                "SELECT \(unescaped: Self.selection) FROM encrypted_object WHERE seq > \(after) ORDER BY seq LIMIT \(limit)"
            }
        let rows = try await client.bulk.query(query, logger: logger).map(Self.object)
        return EncryptedObjectBatch(objects: rows.map(\.object), last: rows.count == limit ? rows.last.map { .init(rawValue: $0.seq) } : nil)
    }

    func reseal(
        notSealedWith key: UUID, after position: EncryptedObjectPosition?, limit: Int,
        _ reseal: @escaping @Sendable (EncryptedObject, Int) -> Result<EncryptedObject, OBCError>
    ) async throws -> ResealOutcome {
        do {
            return try await PostgresReseal(client: client.bulk, logger: logger, key: key, reseal: reseal).run(
                after: position?.rawValue ?? 0, limit: limit)
        } catch  where PostgresErrorCode.of(error) == PostgresErrorCode.uniqueViolation {
            throw EncryptedObjectStoreError.nonceReused
        }
    }

    func countByKey() async throws -> [UUID: Int] {
        let rows = try await client.bulk.query(
            "SELECT encryption_key_description_id, COUNT(*)::bigint FROM encrypted_object WHERE NOT is_deleted GROUP BY 1", logger: logger)
        var counts: [UUID: Int] = [:]
        for row in rows {
            let (key, count) = try row.decode((UUID, Int).self)
            counts[key] = count
        }
        return counts
    }

    /// The columns `object(_:)` reads, in its order.
    static let selection = "seq, \(columns)"

    /// A row of `selection`, read cell by cell in order (a rotation reads a million of them; a
    /// decode of the whole tuple at once spends more on generic metadata than on the values).
    static func object(_ row: PostgresRow) throws -> (seq: Int64, object: EncryptedObject) {
        var cells = row.makeIterator()
        func next<Value: PostgresDecodable>(_: Value.Type) throws -> Value {
            guard let cell = cells.next() else { throw OBCError(.internal, "An encrypted_object row has fewer columns than selected.") }
            return try cell.decode(Value.self)
        }
        let seq = try next(Int64.self)
        let object = EncryptedObject(
            id: try next(UUID.self), ownerId: try next(UUID.self), purpose: EncryptionPurpose(rawValue: try next(String.self)),
            keyDescriptionId: try next(UUID.self), nonce: try next(Data.self), tag: try next(Data.self), ciphertext: try next(Data.self),
            created: try next(Date.self), modified: try next(Date.self))
        return (seq, object)
    }
}
