import Crypto
import Foundation
import OBCPluginAPI

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
        /// Each object that failed, once, with why (filled by `verify`).
        public var failedObjects: [FailedObject] = []
        public var objectsPerSecond: Double { seconds > 0 ? Double(objects) / seconds : Double(objects) }
    }

    /// An object that did not open: which one, and the error (`.misconfigured` when its key
    /// cannot be resolved, `.tampering` when it fails authentication).
    public struct FailedObject: Sendable {
        public var id: UUID
        public var owner: UUID
        public var purpose: EncryptionPurpose
        public var error: OBCError
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

    /// Re-seals every object not under the current key with a fresh nonce. Each batch is one
    /// store transaction over the objects in the store's own order (for SQLite, the physical
    /// order, so pages are rewritten in sequence rather than at random), so killing the
    /// process loses at most that uncommitted batch, and the store never overwrites an object
    /// a serving process wrote meanwhile. The walk is repeated while it still finds work, for
    /// objects skipped that way and in case positions moved under it (a `VACUUM` renumbers
    /// SQLite's rows).
    public func rotate(batchSize: Int = 100_000, progress: @Sendable (Progress) -> Void = { _ in }) async throws -> Summary {
        guard batchSize > 0 else { throw OBCError.invalid("batch-size", "must be at least 1.") }
        let clock = ContinuousClock()
        let start = clock.now
        let (currentId, currentKey) = try await sealer.currentKey()
        let counts = try await store.encryptedObjects.countByKey()
        let total = counts.filter { $0.key != currentId }.values.reduce(0, +)
        let keys = try await resolveKeys(counts.keys, current: (currentId, currentKey))
        var done = 0
        var failures: [UUID: OBCError] = [:]
        progress(Progress(done: 0, total: total, elapsed: .zero))
        var anotherPass = true
        while anotherPass {
            var replacedInPass = 0
            var position: EncryptedObjectPosition?
            repeat {
                let outcome = try await resealBatch(after: position, limit: batchSize, keys: keys, to: (currentId, currentKey))
                replacedInPass += outcome.replaced
                done += outcome.replaced
                failures.merge(outcome.failures) { first, _ in first }
                position = outcome.last
                if outcome.visited > 0 { progress(Progress(done: done, total: total, elapsed: clock.now - start)) }
            } while position != nil
            anotherPass = replacedInPass > 0 ? try await remaining(notUnder: currentId) > failures.count : false
        }
        let detail = failures.values.map(\.detailAndCause).sorted()
        return Summary(objects: done, failures: detail, seconds: (clock.now - start).seconds)
    }

    /// Every key that seals an object, resolved before the first transaction: re-sealing
    /// runs inside the store's write transaction, where nothing may wait. A key that cannot
    /// be resolved fails only the objects it sealed.
    private func resolveKeys(_ ids: some Sequence<UUID>, current: (UUID, SymmetricKey)) async throws -> [UUID: Result<SymmetricKey, OBCError>] {
        var keys: [UUID: Result<SymmetricKey, OBCError>] = [current.0: .success(current.1)]
        for id in ids where keys[id] == nil {
            do {
                keys[id] = .success(try await sealer.key(for: id))
            } catch let error as OBCError {
                keys[id] = .failure(error)
            }
        }
        return keys
    }

    /// One transaction's worth; a duplicate nonce (odds 2^-96 an object) rolls the batch
    /// back and it is re-sealed with new nonces.
    private func resealBatch(
        after position: EncryptedObjectPosition?, limit: Int, keys: [UUID: Result<SymmetricKey, OBCError>], to current: (UUID, SymmetricKey)
    ) async throws -> ResealOutcome {
        let modified = now()
        for _ in 0..<3 {
            let nonces = NonceBlock(count: limit)
            do {
                return try await store.encryptedObjects.reseal(notSealedWith: current.0, after: position, limit: limit) { object, ordinal in
                    Self.reseal(object, keys: keys, to: current, nonce: nonces[ordinal], modified: modified)
                }
            } catch EncryptedObjectStoreError.nonceReused {
                continue
            }
        }
        throw OBCError(.internal, "Could not find unused nonces after three attempts; the random number generator is suspect.")
    }

    private static func reseal(
        _ object: EncryptedObject, keys: [UUID: Result<SymmetricKey, OBCError>], to current: (UUID, SymmetricKey), nonce: AES.GCM.Nonce,
        modified: Date
    ) -> Result<EncryptedObject, OBCError> {
        guard let key = keys[object.keyDescriptionId] else {
            return .failure(
                OBCError(
                    .misconfigured,
                    "Encrypted object \(object.id.lowercasedText) is sealed with key description \(object.keyDescriptionId.lowercasedText), which was added after this rotation started; run the rotation again."
                ))
        }
        do {
            return .success(
                try SecretSealer.reseal(object, openingWith: key.get(), to: current.0, key: current.1, nonce: nonce, modified: modified))
        } catch let error as OBCError {
            return .failure(error)
        } catch {
            return .failure(OBCError(.internal, "Encrypted object \(object.id.lowercasedText) could not be re-sealed: \(error)"))
        }
    }

    private func remaining(notUnder keyId: UUID) async throws -> Int {
        try await store.encryptedObjects.countByKey().filter { $0.key != keyId }.values.reduce(0, +)
    }

    /// Opens every object; failures are listed, not thrown, so one bad row does not hide others.
    public func verify(batchSize: Int = 1000, progress: @Sendable (Progress) -> Void = { _ in }) async throws -> Summary {
        let clock = ContinuousClock()
        let start = clock.now
        let total = try await store.encryptedObjects.countByKey().values.reduce(0, +)
        var keys: [UUID: Result<SymmetricKey, OBCError>] = [:]
        var position: EncryptedObjectPosition?
        var done = 0
        var failed: [FailedObject] = []
        repeat {
            let batch = try await store.encryptedObjects.batch(after: position, notSealedWith: nil, limit: batchSize)
            position = batch.last
            guard !batch.objects.isEmpty else { break }
            for object in batch.objects {
                do {
                    if keys[object.keyDescriptionId] == nil { keys[object.keyDescriptionId] = await resolve(object.keyDescriptionId) }
                    _ = try SecretSealer.open(object, key: keys[object.keyDescriptionId]!.get())
                } catch let error as OBCError {
                    failed.append(FailedObject(id: object.id, owner: object.ownerId, purpose: object.purpose, error: error))
                }
                done += 1
            }
            progress(Progress(done: done, total: total, elapsed: clock.now - start))
        } while position != nil
        var summary = Summary(objects: done, failures: failed.map(\.error.detailAndCause), seconds: (clock.now - start).seconds)
        summary.failedObjects = failed
        return summary
    }

    /// A key once per run: one that does not resolve fails every object it sealed the same way.
    private func resolve(_ descriptionId: UUID) async -> Result<SymmetricKey, OBCError> {
        do {
            return .success(try await sealer.key(for: descriptionId))
        } catch let error as OBCError {
            return .failure(error)
        } catch {
            return .failure(OBCError(.misconfigured, "Encryption key description \(descriptionId.lowercasedText): \(error)"))
        }
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
