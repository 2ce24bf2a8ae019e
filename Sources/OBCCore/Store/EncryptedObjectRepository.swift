import Foundation
import OBCPluginAPI

/// Keeps encrypted objects, with the walks rotation and verification need. Implementations
/// make the nonce column unique, so no two objects ever share a nonce, whichever process
/// wrote them.
public protocol EncryptedObjectRepository: Sendable {
    /// Inserts; throws `EncryptedObjectStoreError.nonceReused` if the nonce already exists.
    func insert(_ object: EncryptedObject) async throws
    /// Inserts many objects in one transaction (imports and benchmarks).
    func insert(contentsOf objects: [EncryptedObject]) async throws
    func find(owner: UUID, purpose: EncryptionPurpose) async throws -> EncryptedObject?
    /// Up to `limit` objects after `position`, in the store's walking order; when
    /// `notSealedWith` is given, only objects sealed with another key.
    func batch(after position: EncryptedObjectPosition?, notSealedWith key: UUID?, limit: Int) async throws -> EncryptedObjectBatch
    /// In one write transaction, walks up to `limit` objects not sealed with `key` after
    /// `position` and replaces each with what `reseal` makes of it; a failure leaves the
    /// object as it is. An object another writer changed after it was read is left alone
    /// (a later walk finds it if it still needs re-sealing), so no concurrent write is ever
    /// overwritten. `reseal` gets each object and its ordinal in this call, may run on
    /// another thread, and must not block. Throws `EncryptedObjectStoreError.nonceReused`,
    /// with nothing written, if a new nonce exists.
    func reseal(
        notSealedWith key: UUID, after position: EncryptedObjectPosition?, limit: Int,
        _ reseal: @escaping @Sendable (EncryptedObject, Int) -> Result<EncryptedObject, OBCError>
    ) async throws -> ResealOutcome
    /// How many objects each key description seals.
    func countByKey() async throws -> [UUID: Int]
}

/// Where a walk over the objects has got to, in the store's own order: the order it can
/// read and rewrite fastest (for SQLite, the physical row order), not id order. Opaque to
/// the core; only meaningful to the store that returned it.
public struct EncryptedObjectPosition: Sendable, Hashable {
    public let rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
}

/// A page of a walk: the objects and the position to continue after (nil when none are left).
public struct EncryptedObjectBatch: Sendable {
    public var objects: [EncryptedObject]
    public var last: EncryptedObjectPosition?
    public init(objects: [EncryptedObject], last: EncryptedObjectPosition?) {
        self.objects = objects
        self.last = last
    }
}

/// What one `reseal` transaction did.
public struct ResealOutcome: Sendable {
    /// Objects read, replaced or not.
    public var visited = 0
    public var replaced = 0
    /// Objects left as they were, by id, with why.
    public var failures: [UUID: OBCError] = [:]
    /// Where to continue; nil when the walk reached the end.
    public var last: EncryptedObjectPosition?
    public init() {}
}

/// Store failures the encryption service reacts to.
public enum EncryptedObjectStoreError: Error, Sendable {
    case nonceReused
}
