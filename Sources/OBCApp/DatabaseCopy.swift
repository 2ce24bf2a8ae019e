import Foundation
import OBCCore
import OBCPluginAPI

/// Moves a deployment from any store to any other (`obc db copy`, through the `Store` port's
/// export and import): every record (soft-deleted ones included), every interrupted registration,
/// and every encrypted object byte for byte (ids, nonces, tags, key ids), then checks the copy: record
/// counts, objects per key, each object's bytes against the source, and a sample decrypted
/// with the keys the target's key sources resolve.
public struct DatabaseCopy: Sendable {
    public struct Report: Sendable {
        public var records: [String: Int] = [:]
        public var objects = 0
        public var decrypted = 0
    }

    let source: any Store
    let target: any Store
    let sealer: SecretSealer

    public init(source: any Store, target: any Store, sealer: SecretSealer) {
        self.source = source
        self.target = target
        self.sealer = sealer
    }

    public func run(chunk: Int = 5_000, sample: Int = 100) async throws -> Report {
        let snapshot = try await source.exportRecords()
        try await target.importRecords(snapshot)
        let interrupted = try await source.registrationAttempts.listInterrupted()
        for attempt in interrupted { try await target.registrationAttempts.record(attempt) }
        var report = Report()
        var position: EncryptedObjectPosition?
        repeat {
            let batch = try await source.encryptedObjects.batch(after: position, notSealedWith: nil, limit: chunk)
            try await target.encryptedObjects.insert(contentsOf: batch.objects)
            report.objects += batch.objects.count
            position = batch.last
        } while position != nil
        report.records = try await verifyRecords(snapshot)
        let copiedInterrupted = try await target.registrationAttempts.listInterrupted()
        guard copiedInterrupted == interrupted else {
            throw OBCError(.internal, "The copy holds \(copiedInterrupted.count) interrupted registrations, not \(interrupted.count).")
        }
        report.records["InterruptedRegistration"] = interrupted.count
        report.decrypted = try await verifyObjects(total: report.objects, chunk: chunk, sample: sample)
        return report
    }

    func verifyRecords(_ snapshot: StoreSnapshot) async throws -> [String: Int] {
        let copied = try await target.exportRecords()
        guard copied.counts == snapshot.counts, copied.currentEncryptionKeyId == snapshot.currentEncryptionKeyId else {
            throw OBCError(.internal, "The copy does not match its source: records \(copied.counts) against \(snapshot.counts).")
        }
        let (from, to) = (try await source.encryptedObjects.countByKey(), try await target.encryptedObjects.countByKey())
        guard from == to else { throw OBCError(.internal, "Objects per key differ after the copy: \(to) against \(from).") }
        return copied.counts
    }

    /// Walks both stores side by side (the copy kept the source's order) comparing bytes, and
    /// decrypts every n-th object; returns how many were decrypted.
    func verifyObjects(total: Int, chunk: Int, sample: Int) async throws -> Int {
        let every = max(1, total / max(1, sample))
        var (sourcePosition, targetPosition): (EncryptedObjectPosition?, EncryptedObjectPosition?) = (nil, nil)
        var (index, decrypted) = (0, 0)
        repeat {
            let left = try await source.encryptedObjects.batch(after: sourcePosition, notSealedWith: nil, limit: chunk)
            let right = try await target.encryptedObjects.batch(after: targetPosition, notSealedWith: nil, limit: chunk)
            guard left.objects.count == right.objects.count else { throw OBCError(.internal, "The copy holds a different number of objects.") }
            for (original, copy) in zip(left.objects, right.objects) {
                guard
                    original.id == copy.id, original.nonce == copy.nonce, original.tag == copy.tag, original.ciphertext == copy.ciphertext,
                    original.keyDescriptionId == copy.keyDescriptionId, original.ownerId == copy.ownerId, original.purpose == copy.purpose
                else { throw OBCError(.internal, "Encrypted object \(original.id.lowercasedText) differs in the copy.") }
                if index % every == 0 {
                    _ = try await sealer.open(copy)
                    decrypted += 1
                }
                index += 1
            }
            (sourcePosition, targetPosition) = (left.last, right.last)
        } while sourcePosition != nil
        return decrypted
    }
}
