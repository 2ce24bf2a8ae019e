import Foundation
import GRDB
import OBCCore
import OBCPluginAPI

/// Reads and re-seals the chunks of one re-seal transaction on its own thread and a reader
/// connection, at most `depth` chunks ahead of the writer, which then only writes. WAL lets
/// the reader run beside the open write transaction; it sees the table as last committed,
/// which for the rows ahead of the writer is what the writer would see.
/// Unchecked: every mutable field is guarded by `condition`.
final class ResealReadAhead: @unchecked Sendable {
    struct Chunk {
        var rows: [(rowid: Int64, object: EncryptedObject)]
        var resealed: [Result<EncryptedObject, OBCError>]
        /// The last rowid read, or nil when the walk reached the end of the table.
        var continueAfter: Int64?
    }

    static let depth = 2
    private let condition = NSCondition()
    private var ready: [Chunk] = []
    private var finished = false
    private var cancelled = false
    private var failure: (any Error)?
    private let stopped = DispatchGroup()

    init(
        pool: DatabasePool, key: UUID, after position: Int64, limit: Int, chunk: Int,
        _ reseal: @escaping @Sendable (EncryptedObject, Int) -> Result<EncryptedObject, OBCError>
    ) {
        stopped.enter()
        DispatchQueue.global().async { [self] in
            defer { stopped.leave() }
            do {
                var read = 0
                var wanted = min(chunk, limit)
                var reading = Self.read(pool: pool, key: key, after: position, limit: wanted)
                while true {
                    let rows = try reading.rows()
                    let reachedEnd = rows.count < wanted
                    let rowid = rows.last?.rowid ?? position
                    let first = read
                    read += rows.count
                    // The next chunk is read on a reader connection while this one is re-sealed.
                    let more = !reachedEnd && read < limit
                    if more {
                        wanted = min(chunk, limit - read)
                        reading = Self.read(pool: pool, key: key, after: rowid, limit: wanted)
                    }
                    let resealed = Self.reseal(rows, firstOrdinal: first, reseal)
                    guard put(Chunk(rows: rows, resealed: resealed, continueAfter: reachedEnd ? nil : rowid)), more else {
                        if more { _ = try? reading.rows() }
                        break
                    }
                }
                finish(nil)
            } catch {
                finish(error)
            }
        }
    }

    /// Re-seals a chunk in two halves at once: AES is the longest of the three stages, and
    /// splitting it lets the two cores share out the reading, re-sealing and writing evenly.
    private static func reseal(
        _ rows: [(rowid: Int64, object: EncryptedObject)], firstOrdinal: Int,
        _ reseal: @Sendable (EncryptedObject, Int) -> Result<EncryptedObject, OBCError>
    ) -> [Result<EncryptedObject, OBCError>] {
        let halves = 2
        let size = (rows.count + halves - 1) / halves
        var results = [Result<EncryptedObject, OBCError>](repeating: .failure(OBCError(.internal, "Not re-sealed.")), count: rows.count)
        results.withUnsafeMutableBufferPointer { buffer in
            // Each iteration writes only its own half of the buffer.
            nonisolated(unsafe) let output = buffer
            DispatchQueue.concurrentPerform(iterations: halves) { half in
                for index in half * size..<min(rows.count, (half + 1) * size) {
                    output[index] = reseal(rows[index].object, firstOrdinal + index)
                }
            }
        }
        return results
    }

    /// A chunk being read on another thread.
    private final class PendingRead: @unchecked Sendable {
        // Unchecked: `result` is written once, before the group is left, and read after waiting.
        var result: Result<[(rowid: Int64, object: EncryptedObject)], any Error> = .success([])
        let done = DispatchGroup()

        func rows() throws -> [(rowid: Int64, object: EncryptedObject)] {
            done.wait()
            return try result.get()
        }
    }

    private static func read(pool: DatabasePool, key: UUID, after rowid: Int64, limit: Int) -> PendingRead {
        let pending = PendingRead()
        pending.done.enter()
        DispatchQueue.global().async {
            pending.result = Result { try pool.read { db in try ResealSelect(db, key: key).rows(db, after: rowid, limit: limit) } }
            pending.done.leave()
        }
        return pending
    }

    /// The next chunk in rowid order; nil when the reader is done; rethrows its failure.
    func next() throws -> Chunk? {
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty && !finished { condition.wait() }
        if !ready.isEmpty {
            condition.broadcast()
            return ready.removeFirst()
        }
        if let failure { throw failure }
        return nil
    }

    /// Stops the reader (if it is still going) and waits for its thread to let go.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
        stopped.wait()
    }

    /// Hands a chunk to the writer, waiting while `depth` are unclaimed; false once cancelled.
    private func put(_ chunk: Chunk) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while ready.count >= Self.depth && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        ready.append(chunk)
        condition.broadcast()
        return true
    }

    private func finish(_ error: (any Error)?) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }
}
