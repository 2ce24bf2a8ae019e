import Foundation
import Logging
import NIOCore
import OBCCore
import OBCPluginAPI
import PostgresNIO

/// One `reseal` call: reads chunks in `seq` order and writes each chunk back with a single
/// statement, every row a compare-and-swap on the nonce it read, so a row another writer changed
/// meanwhile is left alone. The chunks go round ``connections`` connections, each with its own
/// transaction, so while one chunk is read and re-sealed here the UPDATEs of the chunks before
/// it run on the server (several server processes at work instead of one waiting on the
/// other); every transaction commits only after every chunk succeeded, and all roll back
/// otherwise. A kill between two commits keeps the first one's rows, which is safe: every row
/// is a compare-and-swap, and the next run re-seals what is left.
struct PostgresReseal {
    let client: PostgresDatabase
    let logger: Logger
    let key: UUID
    let reseal: @Sendable (EncryptedObject, Int) -> Result<EncryptedObject, OBCError>

    /// Connections one call leases from the pool.
    static let connections = 3

    func run(after start: Int64, limit: Int) async throws -> ResealOutcome {
        try await withConnections(Self.connections) { connections in
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

    private func withConnections<Result: Sendable>(
        _ count: Int, leased: [PostgresConnection] = [], _ body: @escaping @Sendable ([PostgresConnection]) async throws -> Result
    ) async throws -> Result {
        guard leased.count < count else { return try await body(leased) }
        return try await client.withConnection { connection in
            try await withConnections(count, leased: leased + [connection], body)
        }
    }

    /// Chunk k is read and re-sealed on connection k % n while the UPDATEs of chunks k − n + 1
    /// to k − 1 run on the others; a connection is read from again only after its own UPDATE
    /// has finished.
    private func pipeline(_ connections: [PostgresConnection], after start: Int64, limit: Int) async throws -> ResealOutcome {
        var outcome = ResealOutcome()
        var position = start
        var writing = [Task<Int, any Error>?](repeating: nil, count: connections.count)
        do {
            var turn = 0
            while outcome.visited < limit {
                let index = turn % connections.count
                turn += 1
                if let pending = writing[index] {
                    writing[index] = nil
                    outcome.replaced += try await pending.value
                }
                let size = min(PostgresEncryptedObjectRepository.chunk, limit - outcome.visited)
                let rows = try await read(on: connections[index], after: position, limit: size)
                let chunk = resealed(rows, ordinal: outcome.visited, into: &outcome)
                writing[index] = Task { [connection = connections[index]] in try await self.write(chunk, on: connection) }
                outcome.visited += rows.count
                guard rows.count == size, let last = rows.last?.seq else {
                    outcome.last = nil
                    break
                }
                position = last
                outcome.last = EncryptedObjectPosition(rawValue: last)
            }
            for index in writing.indices {
                guard let pending = writing[index] else { continue }
                writing[index] = nil
                outcome.replaced += try await pending.value
            }
            return outcome
        } catch {
            // No UPDATE may outlive its connection's lease.
            for pending in writing { _ = try? await pending?.value }
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
            WITH n AS (INSERT INTO \(unescaped: PostgresMigrations.nonceRegistry) (nonce) SELECT unnest(\(chunk.nonces))),
            e AS (UPDATE encrypted_object AS e SET encryption_key_description_id = \(key), nonce = u.nonce, tag = u.tag,
            ciphertext = u.ciphertext, modified = u.modified
            FROM unnest(\(chunk.seqs), \(chunk.previousNonces), \(chunk.nonces), \(chunk.tags), \(chunk.ciphertexts), \(chunk.modified))
            AS u(seq, previous_nonce, nonce, tag, ciphertext, modified)
            WHERE e.seq = u.seq AND e.nonce = u.previous_nonce RETURNING 1)
            SELECT count(*)::bigint FROM e
            """, logger: logger)
        for try await replaced in counted.decode(Int.self) { return replaced }
        return 0
    }
}
