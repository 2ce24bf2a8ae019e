import Foundation
import Logging
import NIOCore
import OBCCore
import OBCPluginAPI
import PostgresNIO

/// One `reseal` call: reads chunks in `seq` order and writes each chunk back with a single
/// `UPDATE … FROM unnest(…)`, every row a compare-and-swap on the nonce it read, so a row
/// another writer changed meanwhile is left alone. The chunks alternate between two
/// connections, each with its own transaction, so one chunk's UPDATE runs on the server while
/// the next is read and re-sealed and its UPDATE starts (two server processes at work instead
/// of one waiting on the other); both transactions commit only after every chunk succeeded,
/// and both roll back otherwise. A kill between the two commits keeps the first one's rows,
/// which is safe: every row is a compare-and-swap, and the next run re-seals what is left.
struct PostgresReseal {
    let client: PostgresDatabase
    let logger: Logger
    let key: UUID
    let reseal: @Sendable (EncryptedObject, Int) -> Result<EncryptedObject, OBCError>

    typealias Written = (seq: Int64, previousNonce: Data, object: EncryptedObject)

    func run(after start: Int64, limit: Int) async throws -> ResealOutcome {
        try await client.withConnection { first in
            try await client.withConnection { second in
                let connections = [first, second]
                for connection in connections { try await connection.query("BEGIN", logger: logger) }
                do {
                    let outcome = try await pipeline(connections, after: start, limit: limit)
                    for connection in connections { try await connection.query("COMMIT", logger: logger) }
                    return outcome
                } catch {
                    for connection in connections { _ = try? await connection.query("ROLLBACK", logger: logger) }
                    throw error
                }
            }
        }
    }

    /// Chunk k is read and re-sealed on connection k % 2 while chunk k − 1's UPDATE runs on the
    /// other; a connection is read from again only after its own UPDATE has finished.
    private func pipeline(_ connections: [PostgresConnection], after start: Int64, limit: Int) async throws -> ResealOutcome {
        var outcome = ResealOutcome()
        var position = start
        var writing: Task<Int, any Error>?
        do {
            var turn = 0
            while outcome.visited < limit {
                let connection = connections[turn % connections.count]
                turn += 1
                let size = min(PostgresEncryptedObjectRepository.chunk, limit - outcome.visited)
                let rows = try await read(on: connection, after: position, limit: size)
                let written = resealed(rows, ordinal: outcome.visited, into: &outcome)
                let write = Task { try await self.write(written, on: connection) }
                let previous = writing
                writing = write
                if let previous { outcome.replaced += try await previous.value }
                outcome.visited += rows.count
                guard rows.count == size, let last = rows.last?.seq else {
                    outcome.last = nil
                    break
                }
                position = last
                outcome.last = EncryptedObjectPosition(rawValue: last)
            }
            if let last = writing {
                writing = nil
                outcome.replaced += try await last.value
            }
            return outcome
        } catch {
            // No UPDATE may outlive its connection's lease.
            _ = try? await writing?.value
            throw error
        }
    }

    private func read(on connection: PostgresConnection, after position: Int64, limit: Int) async throws -> [(
        seq: Int64, object: EncryptedObject
    )] {
        try await connection.query(
            """
            SELECT \(unescaped: PostgresEncryptedObjectRepository.columns), seq FROM encrypted_object
            WHERE seq > \(position) AND encryption_key_description_id <> \(key) ORDER BY seq LIMIT \(limit)
            """, logger: logger
        ).collect(PostgresEncryptedObjectRepository.decode)
    }

    /// The rows `reseal` replaced; the ones it refused go into `outcome.failures`.
    private func resealed(_ rows: [(seq: Int64, object: EncryptedObject)], ordinal: Int, into outcome: inout ResealOutcome) -> [Written] {
        var written: [Written] = []
        written.reserveCapacity(rows.count)
        for (offset, row) in rows.enumerated() {
            switch reseal(row.object, ordinal + offset) {
            case .success(let object) where object.keyDescriptionId != key:
                outcome.failures[row.object.id] = OBCError(
                    .internal, "Encrypted object \(object.id.lowercasedText) was re-sealed with a key other than the one checked.")
            case .success(let object):
                written.append((row.seq, row.object.nonce, object))
            case .failure(let error):
                outcome.failures[row.object.id] = error
            }
        }
        return written
    }

    /// One statement for the chunk; returns how many rows still had the nonce that was read.
    func write(_ rows: [Written], on connection: PostgresConnection) async throws -> Int {
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
