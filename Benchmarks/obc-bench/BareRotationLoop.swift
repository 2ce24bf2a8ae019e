import ArgumentParser
import Crypto
import Foundation
import GRDB

/// The baseline a rotation is measured against: the same batched reads in rowid order unless
/// told otherwise, AES-GCM opens and seals with fresh random nonces (`AES.GCM.Nonce()`, in
/// the order drawn) and UPDATEs by rowid, one transaction per batch that reads and writes,
/// written straight against cached GRDB statements and swift-crypto, without the product's
/// types, store protocol, services, nonce blocks or actors.
struct BareRotationLoop {
    /// Key description ids as stored (lowercase text).
    let newKeyId: String
    let oldKey: SymmetricKey
    let newKey: SymmetricKey
    let batchSize: Int
    let order: Order

    /// `rowid` walks the table in physical order, as the product does; `id` pages through it
    /// in id order, a diagnostic of how much the random placement of UUID ids costs.
    enum Order: String, ExpressibleByArgument, CaseIterable {
        case id
        case rowid
    }

    /// `SQLiteEncryptedObjectRepository.resealCacheKiB`.
    static let cacheKiB = 64 * 1024
    /// `SQLiteEncryptedObjectRepository.resealChunk`.
    static let chunk = 1_000

    /// One re-sealed row, held only until its batch is written.
    private struct Resealed {
        var rowid: Int64
        var nonce: Data
        var tag: Data
        var ciphertext: Data
    }

    /// Rotates every row of the database at `path`; returns how many rows were replaced.
    func run(path: String) throws -> Int {
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        // No foreign key checks, as the product's re-seal transaction (they would add a
        // statement journal write of every touched page to each UPDATE).
        configuration.foreignKeysEnabled = false
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // The page cache the product gives its writer for rotation, so the ratio measures
            // the product's layers, not a SQLite setting.
            try db.execute(sql: "PRAGMA cache_size = \(-Self.cacheKiB)")
        }
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        let modified = Date().timeIntervalSince1970
        var resealed: [Resealed] = []
        resealed.reserveCapacity(Self.chunk)
        var after = ""
        var afterRowid: Int64 = 0
        var done = 0
        var reachedEnd = false
        while !reachedEnd {
            done += try queue.write { db -> Int in
                let select = try db.cachedStatement(
                    sql: """
                        SELECT id, owner_id, purpose, nonce, tag, ciphertext, rowid FROM encrypted_object
                        WHERE \(order.rawValue) > ? AND encryption_key_description_id <> ? ORDER BY \(order.rawValue) LIMIT ?
                        """)
                let update = try db.cachedStatement(
                    sql: """
                        UPDATE encrypted_object SET encryption_key_description_id = ?, nonce = ?, tag = ?, ciphertext = ?, modified = ?
                        WHERE rowid = ?
                        """)
                // A batch is one transaction, read and written a chunk at a time so memory
                // does not grow with the batch size, as in the product.
                var replaced = 0
                var visited = 0
                while visited < batchSize {
                    let wanted = min(Self.chunk, batchSize - visited)
                    resealed.removeAll(keepingCapacity: true)
                    let rows = try Row.fetchCursor(select, arguments: [order == .id ? after : afterRowid, newKeyId, wanted])
                    while let row = try rows.next() {
                        let id: String = row[0]
                        let owner: String = row[1]
                        let purpose: String = row[2]
                        let rowid: Int64 = row[6]
                        after = id
                        afterRowid = rowid
                        let associatedData = Data("obc:v1:\(id):\(owner):\(purpose)".utf8)
                        // The blobs are read in place, without copying them out of SQLite.
                        let plaintext = try row.withUnsafeData(atIndex: 3) { nonce in
                            try row.withUnsafeData(atIndex: 4) { tag in
                                try row.withUnsafeData(atIndex: 5) { ciphertext in
                                    let box = try AES.GCM.SealedBox(
                                        nonce: AES.GCM.Nonce(data: nonce ?? Data()), ciphertext: ciphertext ?? Data(), tag: tag ?? Data())
                                    return try AES.GCM.open(box, using: oldKey, authenticating: associatedData)
                                }
                            }
                        }
                        let sealed = try AES.GCM.seal(plaintext, using: newKey, nonce: AES.GCM.Nonce(), authenticating: associatedData)
                        resealed.append(Resealed(rowid: rowid, nonce: Data(sealed.nonce), tag: sealed.tag, ciphertext: sealed.ciphertext))
                    }
                    for object in resealed {
                        try update.execute(arguments: [newKeyId, object.nonce, object.tag, object.ciphertext, modified, object.rowid])
                        replaced += db.changesCount
                    }
                    visited += resealed.count
                    if resealed.count < wanted {
                        reachedEnd = true
                        break
                    }
                }
                return replaced
            }
        }
        return done
    }
}
