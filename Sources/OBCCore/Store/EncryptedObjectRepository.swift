import Foundation

/// Keeps encrypted objects, with the batch operations rotation needs. Implementations make
/// the nonce column unique and treat a replace as compare-and-swap on the sealing key, so a
/// rotation that races with another writer never overwrites newer data.
public protocol EncryptedObjectRepository: Sendable {
    /// Inserts; throws `EncryptedObjectStoreError.nonceReused` if the nonce already exists.
    func insert(_ object: EncryptedObject) async throws
    /// Inserts many objects in one transaction (imports and benchmarks).
    func insert(contentsOf objects: [EncryptedObject]) async throws
    func find(owner: UUID, purpose: EncryptionPurpose) async throws -> EncryptedObject?
    /// Up to `limit` objects with ids greater than `after`, in id order; when `notSealedWith`
    /// is given, only objects sealed with another key.
    func batch(after: UUID?, notSealedWith key: UUID?, limit: Int) async throws -> [EncryptedObject]
    /// Writes re-sealed objects in one transaction, each only if its row is still sealed with
    /// `previousKey[object.id]`. Returns how many rows were replaced.
    func replace(_ objects: [EncryptedObject], previousKey: [UUID: UUID]) async throws -> Int
    /// How many objects each key description seals.
    func countByKey() async throws -> [UUID: Int]
}

/// Store failures the encryption service reacts to.
public enum EncryptedObjectStoreError: Error, Sendable {
    case nonceReused
}
