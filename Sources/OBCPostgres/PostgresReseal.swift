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
        let rows = try await connection.query(
            """
            SELECT \(unescaped: PostgresEncryptedObjectRepository.selection) FROM encrypted_object
            WHERE seq > \(position) AND encryption_key_description_id <> \(key) ORDER BY seq LIMIT \(limit)
            """, logger: logger)
        var objects: [(seq: Int64, object: EncryptedObject)] = []
        objects.reserveCapacity(limit)
        for try await row in rows { objects.append(try PostgresEncryptedObjectRepository.object(row)) }
        return objects
    }

    /// The rows `reseal` replaced; the ones it refused go into `outcome.failures`.
    private func resealed(_ rows: [(seq: Int64, object: EncryptedObject)], ordinal: Int, into outcome: inout ResealOutcome) -> ResealedChunk {
        var chunk = ResealedChunk(capacity: rows.count)
        for (offset, row) in rows.enumerated() {
            switch reseal(row.object, ordinal + offset) {
            case .success(let object) where object.keyDescriptionId != key:
                outcome.failures[row.object.id] = OBCError(
                    .internal, "Encrypted object \(object.id.lowercasedText) was re-sealed with a key other than the one checked.")
            case .success(let object):
                chunk.append(seq: row.seq, previousNonce: row.object.nonce, object)
            case .failure(let error):
                outcome.failures[row.object.id] = error
            }
        }
        return chunk
    }

    /// One statement for the chunk: the new nonces into the registry (a nonce used before fails
    /// the statement) and every row a compare-and-swap on the nonce that was read; returns how
    /// many rows still had it.
    func write(_ chunk: ResealedChunk, on connection: PostgresConnection) async throws -> Int {
        guard !chunk.seqs.isEmpty else { return 0 }
        let counted = try await connection.query(
            """
            WITH u AS (SELECT * FROM unnest(\(chunk.seqs), \(chunk.previousNonces), \(chunk.nonces), \(chunk.tags), \(chunk.ciphertexts),
            \(chunk.modified)) AS u(seq, previous_nonce, nonce, tag, ciphertext, modified)),
            n AS (INSERT INTO \(unescaped: PostgresMigrations.nonceRegistry) (nonce) SELECT nonce FROM u),
            e AS (UPDATE encrypted_object AS e SET encryption_key_description_id = \(key), nonce = u.nonce, tag = u.tag,
            ciphertext = u.ciphertext, modified = u.modified FROM u WHERE e.seq = u.seq AND e.nonce = u.previous_nonce RETURNING 1)
            SELECT count(*)::bigint FROM e
            """, logger: logger)
        for try await replaced in counted.decode(Int.self) { return replaced }
        return 0
    }
}

/// A chunk re-sealed, as the columns of its UPDATE's `unnest`.
struct ResealedChunk {
    var seqs: [Int64] = []
    var previousNonces: [PostgresBytea] = []
    var nonces: [PostgresBytea] = []
    var tags: [PostgresBytea] = []
    var ciphertexts: [PostgresBytea] = []
    var modified: [Date] = []

    init(capacity: Int) {
        seqs.reserveCapacity(capacity)
        previousNonces.reserveCapacity(capacity)
        nonces.reserveCapacity(capacity)
        tags.reserveCapacity(capacity)
        ciphertexts.reserveCapacity(capacity)
        modified.reserveCapacity(capacity)
    }

    mutating func append(seq: Int64, previousNonce: Data, _ object: EncryptedObject) {
        seqs.append(seq)
        previousNonces.append(PostgresBytea(previousNonce))
        nonces.append(PostgresBytea(object.nonce))
        tags.append(PostgresBytea(object.tag))
        ciphertexts.append(PostgresBytea(object.ciphertext))
        modified.append(object.modified)
    }
}
