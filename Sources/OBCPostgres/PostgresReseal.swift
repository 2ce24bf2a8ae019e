import Foundation
import Logging
import NIOCore
import OBCCore
import OBCPluginAPI
import PostgresNIO

/// One `reseal` call: in one transaction, reads chunks in `seq` order and writes each chunk
/// back with a single `UPDATE … FROM unnest(…)`, every row a compare-and-swap on the nonce it
/// read, so a row another writer changed meanwhile is left alone.
struct PostgresReseal {
    let client: PostgresDatabase
    let logger: Logger
    let key: UUID
    let reseal: @Sendable (EncryptedObject, Int) -> Result<EncryptedObject, OBCError>

    func run(after start: Int64, limit: Int) async throws -> ResealOutcome {
        try await client.transaction(logger: logger) { connection in
            var outcome = ResealOutcome()
            var position = start
            while outcome.visited < limit {
                let size = min(PostgresEncryptedObjectRepository.chunk, limit - outcome.visited)
                let rows = try await connection.query(
                    """
                    SELECT \(unescaped: PostgresEncryptedObjectRepository.columns), seq FROM encrypted_object
                    WHERE seq > \(position) AND encryption_key_description_id <> \(key) ORDER BY seq LIMIT \(size)
                    """, logger: logger
                ).collect(PostgresEncryptedObjectRepository.decode)
                var written: [(seq: Int64, previousNonce: Data, object: EncryptedObject)] = []
                for (offset, row) in rows.enumerated() {
                    switch reseal(row.object, outcome.visited + offset) {
                    case .success(let object) where object.keyDescriptionId != key:
                        outcome.failures[row.object.id] = OBCError(
                            .internal, "Encrypted object \(object.id.lowercasedText) was re-sealed with a key other than the one checked.")
                    case .success(let object):
                        written.append((row.seq, row.object.nonce, object))
                    case .failure(let error):
                        outcome.failures[row.object.id] = error
                    }
                }
                outcome.replaced += try await write(written, on: connection)
                outcome.visited += rows.count
                guard rows.count == size, let last = rows.last?.seq else {
                    outcome.last = nil
                    return outcome
                }
                position = last
                outcome.last = EncryptedObjectPosition(rawValue: last)
            }
            return outcome
        }
    }

    /// One statement for the chunk; returns how many rows still had the nonce that was read.
    func write(_ rows: [(seq: Int64, previousNonce: Data, object: EncryptedObject)], on connection: PostgresConnection) async throws -> Int {
        guard !rows.isEmpty else { return 0 }
        let updated = try await connection.query(
            """
            UPDATE encrypted_object AS e SET encryption_key_description_id = \(key), nonce = u.nonce, tag = u.tag,
            ciphertext = u.ciphertext, modified = u.modified
            FROM unnest(\(rows.map(\.seq)), \(rows.map { ByteBuffer(bytes: $0.previousNonce) }), \(rows.map { ByteBuffer(bytes: $0.object.nonce) }),
            \(rows.map { ByteBuffer(bytes: $0.object.tag) }), \(rows.map { ByteBuffer(bytes: $0.object.ciphertext) }), \(rows.map(\.object.modified)))
            AS u(seq, previous_nonce, nonce, tag, ciphertext, modified)
            WHERE e.seq = u.seq AND e.nonce = u.previous_nonce
            RETURNING e.seq
            """, logger: logger
        ).collect { _ in 1 }
        return updated.count
    }
}
