import Foundation
import Logging
import NIOCore
import OBCCore
import OBCPluginAPI
import PostgresNIO

/// Encrypted objects in PostgreSQL. The nonce column is UNIQUE; walks follow `seq`, an
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
            try await client.transaction(logger: logger) { connection in
                var start = 0
                while start < objects.count {
                    let slice = objects[start..<min(start + Self.chunk, objects.count)]
                    try await connection.query(
                        """
                        INSERT INTO encrypted_object (\(unescaped: Self.columns))
                        SELECT * FROM unnest(\(slice.map(\.id)), \(slice.map(\.ownerId)), \(slice.map(\.purpose.rawValue)),
                        \(slice.map(\.keyDescriptionId)), \(slice.map { ByteBuffer(bytes: $0.nonce) }), \(slice.map { ByteBuffer(bytes: $0.tag) }),
                        \(slice.map { ByteBuffer(bytes: $0.ciphertext) }), \(slice.map(\.created)), \(slice.map(\.modified)))
                        """, logger: logger)
                    start += Self.chunk
                }
            }
        } catch
            where PostgresErrorCode.of(error) == PostgresErrorCode.uniqueViolation
            && PostgresErrorCode.constraint(of: error) == "encrypted_object_nonce"
        {
            throw EncryptedObjectStoreError.nonceReused
        } catch  where PostgresErrorCode.of(error) == PostgresErrorCode.foreignKeyViolation {
            throw OBCError(.misconfigured, "An encrypted object names an encryption key description that does not exist.")
        }
    }

    func find(owner: UUID, purpose: EncryptionPurpose) async throws -> EncryptedObject? {
        try await client.query(
            """
            SELECT \(unescaped: Self.columns), seq FROM encrypted_object WHERE owner_id = \(owner) AND purpose = \(purpose.rawValue)
            AND NOT is_deleted ORDER BY created DESC LIMIT 1
            """, logger: logger
        ).collect(Self.decode).first?.object
    }

    func batch(after position: EncryptedObjectPosition?, notSealedWith key: UUID?, limit: Int) async throws -> EncryptedObjectBatch {
        let rows = try await Self.walk(client, after: position?.rawValue ?? 0, notSealedWith: key, limit: limit, logger: logger)
        return EncryptedObjectBatch(objects: rows.map(\.object), last: rows.count == limit ? rows.last.map { .init(rawValue: $0.seq) } : nil)
    }

    static func walk(_ client: PostgresDatabase, after seq: Int64, notSealedWith key: UUID?, limit: Int, logger: Logger) async throws
        -> [(seq: Int64, object: EncryptedObject)]
    {
        if let key {
            return try await client.query(
                """
                SELECT \(unescaped: columns), seq FROM encrypted_object WHERE seq > \(seq) AND encryption_key_description_id <> \(key)
                ORDER BY seq LIMIT \(limit)
                """, logger: logger
            ).collect(decode)
        }
        return try await client.query(
            "SELECT \(unescaped: columns), seq FROM encrypted_object WHERE seq > \(seq) ORDER BY seq LIMIT \(limit)", logger: logger
        ).collect(decode)
    }

    func reseal(
        notSealedWith key: UUID, after position: EncryptedObjectPosition?, limit: Int,
        _ reseal: @escaping @Sendable (EncryptedObject, Int) -> Result<EncryptedObject, OBCError>
    ) async throws -> ResealOutcome {
        do {
            return try await PostgresReseal(client: client, logger: logger, key: key, reseal: reseal).run(
                after: position?.rawValue ?? 0, limit: limit)
        } catch  where PostgresErrorCode.of(error) == PostgresErrorCode.uniqueViolation {
            throw EncryptedObjectStoreError.nonceReused
        }
    }

    func countByKey() async throws -> [UUID: Int] {
        let rows = try await client.query(
            "SELECT encryption_key_description_id, COUNT(*)::bigint FROM encrypted_object WHERE NOT is_deleted GROUP BY 1", logger: logger)
        var counts: [UUID: Int] = [:]
        for row in rows {
            let (key, count) = try row.decode((UUID, Int).self)
            counts[key] = count
        }
        return counts
    }

    static func decode(_ row: PostgresRecordRow) throws -> (seq: Int64, object: EncryptedObject) {
        let object = EncryptedObject(
            id: try row.uuid("id"), ownerId: try row.uuid("owner_id"), purpose: EncryptionPurpose(rawValue: try row.string("purpose")),
            keyDescriptionId: try row.uuid("encryption_key_description_id"), nonce: try row.decode("nonce", as: Data.self),
            tag: try row.decode("tag", as: Data.self), ciphertext: try row.decode("ciphertext", as: Data.self),
            created: try row.date("created"), modified: try row.date("modified"))
        return (try row.decode("seq", as: Int64.self), object)
    }
}
