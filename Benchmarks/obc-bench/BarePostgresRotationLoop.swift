import Crypto
import Foundation
import Logging
import NIOCore
import OBCCore
import PostgresNIO

/// The PostgreSQL baseline: on a copy of the product's table (`table`: the same columns,
/// indexes, storage settings and key-description check, and a nonce registry like the
/// product's), the same walk in `seq` order, one transaction per batch, one connection, chunks
/// read with one SELECT and written with one statement (the nonces into the registry and an
/// `UPDATE … FROM unnest(…)`, each row a compare-and-swap on the nonce it read), with the same
/// AES-GCM opens and fresh-nonce seals, written straight against PostgresNIO and swift-crypto
/// without the product's types, store port or services.
struct BarePostgresRotationLoop {
    static let table = "obc_bench_bare"
    /// Its nonce registry, as the product keeps one.
    static let nonces = "obc_bench_bare_nonce"
    /// Rows a statement reads or writes: `PostgresEncryptedObjectRepository.chunk`.
    static let chunk = 2_000

    let client: PostgresClient
    let newKeyId: UUID
    let oldKey: SymmetricKey
    let newKey: SymmetricKey
    let batchSize: Int
    let logger: Logger

    /// A chunk re-sealed, as the columns of the UPDATE's `unnest`.
    private struct Chunk {
        var seqs: [Int64] = []
        var previousNonces: [ByteBuffer] = []
        var nonces: [ByteBuffer] = []
        var tags: [ByteBuffer] = []
        var ciphertexts: [ByteBuffer] = []
    }

    /// Makes the table from the product's filled one (run before the product rotates).
    static func copy(from source: String, client: PostgresClient, logger: Logger) async throws {
        for statement in [
            "CREATE TABLE \(table) (LIKE \(source) INCLUDING ALL) WITH (fillfactor = 50, toast_tuple_target = 4080)",
            """
            CREATE TRIGGER \(table)_key_exists AFTER UPDATE ON \(table) REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
            EXECUTE FUNCTION encrypted_object_key_exists()
            """,
            "INSERT INTO \(table) OVERRIDING SYSTEM VALUE SELECT * FROM \(source) ORDER BY seq",
            "CREATE TABLE \(nonces) (nonce bytea PRIMARY KEY)",
            "INSERT INTO \(nonces) SELECT nonce FROM \(table)",
        ] {
            try await client.query(PostgresQuery(unsafeSQL: statement), logger: logger)
        }
    }

    /// Rotates every row; returns how many rows were replaced.
    func run() async throws -> Int {
        var position: Int64 = 0
        var replaced = 0
        var reachedEnd = false
        while !reachedEnd {
            try await client.withConnection { connection in
                try await connection.query("BEGIN", logger: logger)
                var visited = 0
                while visited < batchSize {
                    let wanted = min(Self.chunk, batchSize - visited)
                    let (chunk, last) = try await read(connection, after: position, limit: wanted)
                    replaced += try await write(chunk, on: connection)
                    visited += chunk.seqs.count
                    if chunk.seqs.count < wanted {
                        reachedEnd = true
                        break
                    }
                    position = last
                }
                try await connection.query("COMMIT", logger: logger)
            }
        }
        return replaced
    }

    private func read(_ connection: PostgresConnection, after position: Int64, limit: Int) async throws -> (Chunk, Int64) {
        let rows = try await connection.query(
            """
            SELECT id, owner_id, purpose, nonce, tag, ciphertext, seq FROM \(unescaped: Self.table)
            WHERE seq > \(position) AND encryption_key_description_id <> \(newKeyId) ORDER BY seq LIMIT \(limit)
            """, logger: logger)
        var chunk = Chunk()
        var last = position
        for try await (id, owner, purpose, nonce, tag, ciphertext, seq) in rows.decode(
            (UUID, UUID, String, ByteBuffer, ByteBuffer, ByteBuffer, Int64).self)
        {
            let associatedData = Data("obc:v1:\(id.lowercasedText):\(owner.lowercasedText):\(purpose)".utf8)
            let box = try AES.GCM.SealedBox(
                nonce: AES.GCM.Nonce(data: nonce.readableBytesView), ciphertext: ciphertext.readableBytesView, tag: tag.readableBytesView)
            let plaintext = try AES.GCM.open(box, using: oldKey, authenticating: associatedData)
            let sealed = try AES.GCM.seal(plaintext, using: newKey, nonce: AES.GCM.Nonce(), authenticating: associatedData)
            chunk.seqs.append(seq)
            chunk.previousNonces.append(nonce)
            chunk.nonces.append(ByteBuffer(bytes: sealed.nonce))
            chunk.tags.append(ByteBuffer(bytes: sealed.tag))
            chunk.ciphertexts.append(ByteBuffer(bytes: sealed.ciphertext))
            last = seq
        }
        return (chunk, last)
    }

    private func write(_ chunk: Chunk, on connection: PostgresConnection) async throws -> Int {
        guard !chunk.seqs.isEmpty else { return 0 }
        let modified = Date()
        let counted = try await connection.query(
            """
            WITH n AS (INSERT INTO \(unescaped: Self.nonces) (nonce) SELECT unnest(\(chunk.nonces))),
            e AS (UPDATE \(unescaped: Self.table) AS e SET encryption_key_description_id = \(newKeyId), nonce = u.nonce, tag = u.tag,
            ciphertext = u.ciphertext, modified = \(modified)
            FROM unnest(\(chunk.seqs), \(chunk.previousNonces), \(chunk.nonces), \(chunk.tags), \(chunk.ciphertexts))
            AS u(seq, previous_nonce, nonce, tag, ciphertext)
            WHERE e.seq = u.seq AND e.nonce = u.previous_nonce RETURNING 1)
            SELECT count(*)::bigint FROM e
            """, logger: logger)
        for try await count in counted.decode(Int.self) { return count }
        return 0
    }

    /// Opens every row with the new key; returns (objects, failures, all under the new key).
    func verify() async throws -> (objects: Int, failures: Int, allUnderNewKey: Bool) {
        let rows = try await client.query(
            "SELECT id, owner_id, purpose, nonce, tag, ciphertext, encryption_key_description_id FROM \(unescaped: Self.table)", logger: logger)
        var (objects, failures, allUnderNewKey) = (0, 0, true)
        for try await (id, owner, purpose, nonce, tag, ciphertext, key) in rows.decode(
            (UUID, UUID, String, ByteBuffer, ByteBuffer, ByteBuffer, UUID).self)
        {
            objects += 1
            allUnderNewKey = allUnderNewKey && key == newKeyId
            let associatedData = Data("obc:v1:\(id.lowercasedText):\(owner.lowercasedText):\(purpose)".utf8)
            let opened = try? AES.GCM.SealedBox(
                nonce: AES.GCM.Nonce(data: nonce.readableBytesView), ciphertext: ciphertext.readableBytesView, tag: tag.readableBytesView)
            if opened.flatMap({ try? AES.GCM.open($0, using: newKey, authenticating: associatedData) }) == nil { failures += 1 }
        }
        return (objects, failures, allUnderNewKey)
    }
}
