import Crypto
import Foundation

/// Re-encrypts objects under the current key and checks that every object opens. Work is
/// done in batches, each its own transaction and each a compare-and-swap on the old key,
/// so a rotation can be killed at any moment and run again, alongside a serving process.
public struct KeyRotationService: Sendable {
    /// Where a long run has got to, for progress bars and log lines.
    public struct Progress: Sendable {
        public var done: Int
        public var total: Int
        public var elapsed: Duration
    }

    public struct Summary: Sendable {
        public var objects: Int
        public var failures: [String]
        public var seconds: Double
        public var objectsPerSecond: Double { seconds > 0 ? Double(objects) / seconds : Double(objects) }
    }

    /// A key description with whether it is current and how many objects it seals.
    public struct KeyUsage: Sendable {
        public var description: EncryptionKeyDescription
        public var isCurrent: Bool
        public var objectCount: Int
    }

    let store: any Store
    let sealer: SecretSealer
    let now: @Sendable () -> Date

    public init(store: any Store, sealer: SecretSealer, now: @escaping @Sendable () -> Date) {
        self.store = store
        self.sealer = sealer
        self.now = now
    }

    public func usage() async throws -> [KeyUsage] {
        let counts = try await store.encryptedObjects.countByKey()
        let current = try? await sealer.currentKeyId()
        return try await store.encryptionKeyDescriptions.list().map { description in
            KeyUsage(description: description, isCurrent: description.id == current, objectCount: counts[description.id] ?? 0)
        }
    }

    /// Re-seals every object not under the current key with a fresh nonce. The next batch is
    /// read and re-sealed while the previous one is written, so AES and SQLite run on two
    /// cores; at most one write is in flight, each still one transaction and a compare-and-swap
    /// on the old key, so killing the process loses at most that uncommitted batch.
    /// Big batches are cheaper: rows come in id order, which is random on disk, and a batch's
    /// index pages are written once per transaction however many of its rows touch them.
    public func rotate(batchSize: Int = 10_000, progress: @Sendable (Progress) -> Void = { _ in }) async throws -> Summary {
        guard batchSize > 0 else { throw OBCError.invalid("batch-size", "must be at least 1.") }
        let clock = ContinuousClock()
        let start = clock.now
        let (currentId, currentKey) = try await sealer.currentKey()
        let total = try await store.encryptedObjects.countByKey().filter { $0.key != currentId }.values.reduce(0, +)
        var keys: [UUID: Result<SymmetricKey, OBCError>] = [currentId: .success(currentKey)]
        var after: UUID?
        var done = 0
        var failures: [String] = []
        progress(Progress(done: 0, total: total, elapsed: .zero))
        try await withThrowingTaskGroup(of: Int.self) { writes in
            var writing = false
            while true {
                let batch = try await store.encryptedObjects.batch(after: after, notSealedWith: currentId, limit: batchSize)
                guard let last = batch.last else { break }
                after = last.id
                for object in batch where keys[object.keyDescriptionId] == nil {
                    do {
                        keys[object.keyDescriptionId] = .success(try await sealer.key(for: object.keyDescriptionId))
                    } catch let error as OBCError {
                        keys[object.keyDescriptionId] = .failure(error)
                    }
                }
                let (resealed, previous) = try Self.reseal(batch, keys: keys, to: currentId, key: currentKey, modified: now(), failures: &failures)
                if writing, let written = try await writes.next() {
                    done += written
                    progress(Progress(done: done, total: total, elapsed: clock.now - start))
                }
                writes.addTask { try await replaceRetryingNonce(resealed, previous: previous, key: currentKey) }
                writing = true
            }
            if writing, let written = try await writes.next() {
                done += written
                progress(Progress(done: done, total: total, elapsed: clock.now - start))
            }
        }
        let elapsed = clock.now - start
        return Summary(objects: done, failures: failures, seconds: elapsed.seconds)
    }

    /// Opens each object with its key and seals it under `key`; objects that do not open are
    /// left alone and listed in `failures`. Returns the re-sealed objects and each one's old key.
    private static func reseal(
        _ batch: [EncryptedObject], keys: [UUID: Result<SymmetricKey, OBCError>], to keyId: UUID, key: SymmetricKey, modified: Date,
        failures: inout [String]
    ) throws -> ([EncryptedObject], [UUID: UUID]) {
        var resealed: [EncryptedObject] = []
        var previous: [UUID: UUID] = [:]
        resealed.reserveCapacity(batch.count)
        previous.reserveCapacity(batch.count)
        for object in batch {
            do {
                let plaintext = try SecretSealer.open(object, key: keys[object.keyDescriptionId]!.get())
                resealed.append(
                    try SecretSealer.seal(
                        plaintext, id: object.id, owner: object.ownerId, purpose: object.purpose, keyId: keyId, key: key,
                        created: object.created, modified: modified))
                previous[object.id] = object.keyDescriptionId
            } catch let error as OBCError {
                failures.append(error.detail)
            }
        }
        return (resealed, previous)
    }

    /// Opens every object; failures are listed, not thrown, so one bad row does not hide others.
    public func verify(batchSize: Int = 1000, progress: @Sendable (Progress) -> Void = { _ in }) async throws -> Summary {
        let clock = ContinuousClock()
        let start = clock.now
        let total = try await store.encryptedObjects.countByKey().values.reduce(0, +)
        var keys: [UUID: SymmetricKey] = [:]
        var after: UUID?
        var done = 0
        var failures: [String] = []
        while true {
            let batch = try await store.encryptedObjects.batch(after: after, notSealedWith: nil, limit: batchSize)
            guard let last = batch.last else { break }
            after = last.id
            for object in batch {
                do {
                    if keys[object.keyDescriptionId] == nil {
                        keys[object.keyDescriptionId] = try await sealer.key(for: object.keyDescriptionId)
                    }
                    _ = try SecretSealer.open(object, key: keys[object.keyDescriptionId]!)
                } catch let error as OBCError {
                    failures.append(error.detail)
                }
                done += 1
            }
            progress(Progress(done: done, total: total, elapsed: clock.now - start))
        }
        return Summary(objects: done, failures: failures, seconds: (clock.now - start).seconds)
    }

    /// A duplicate nonce (odds 2^-96) only costs a re-seal of that batch.
    private func replaceRetryingNonce(_ objects: [EncryptedObject], previous: [UUID: UUID], key: SymmetricKey) async throws -> Int {
        var objects = objects
        for _ in 0..<3 {
            do {
                return try await store.encryptedObjects.replace(objects, previousKey: previous)
            } catch EncryptedObjectStoreError.nonceReused {
                objects = try objects.map { object in
                    try SecretSealer.seal(
                        SecretSealer.open(object, key: key), id: object.id, owner: object.ownerId, purpose: object.purpose,
                        keyId: object.keyDescriptionId, key: key, created: object.created, modified: object.modified)
                }
            }
        }
        throw OBCError(.internal, "Could not find unused nonces after three attempts; the random number generator is suspect.")
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
