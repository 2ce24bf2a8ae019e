import Crypto
import Foundation
import OBCPluginAPI

/// The only code that touches AES: seals secrets with the current key and opens them with
/// whichever key sealed them. Later features (bank registrations, tokens) call this and
/// never see keys, nonces or tags.
public struct SecretSealer: Sendable {
    let store: any Store
    let keys: EncryptionKeyResolver
    let now: @Sendable () -> Date

    public init(store: any Store, keys: EncryptionKeyResolver, now: @escaping @Sendable () -> Date) {
        self.store = store
        self.keys = keys
        self.now = now
    }

    /// Seals `value` for `owner` and `purpose` with the current key and stores it.
    @discardableResult
    public func store(_ value: SecretValue, owner: UUID, purpose: EncryptionPurpose) async throws -> EncryptedObject {
        let (keyId, key) = try await currentKey()
        let date = now()
        for _ in 0..<3 {
            let object = try Self.seal(
                Data(value.revealed.utf8), id: UUID(), owner: owner, purpose: purpose, keyId: keyId, key: key, created: date, modified: date)
            do {
                try await store.encryptedObjects.insert(object)
                return object
            } catch EncryptedObjectStoreError.nonceReused {
                continue
            }
        }
        throw OBCError(.internal, "Could not find an unused nonce after three attempts; the random number generator is suspect.")
    }

    /// The stored secret for `owner` and `purpose`, or nil if there is none.
    public func load(owner: UUID, purpose: EncryptionPurpose) async throws -> SecretValue? {
        guard let object = try await store.encryptedObjects.find(owner: owner, purpose: purpose) else { return nil }
        return try await open(object)
    }

    /// Opens an object with the key that sealed it.
    public func open(_ object: EncryptedObject) async throws -> SecretValue {
        let key = try await key(for: object.keyDescriptionId)
        return SecretValue(String(decoding: try Self.open(object, key: key), as: UTF8.self))
    }

    /// The current key: the settings' choice, or the only description when there is one.
    public func currentKey() async throws -> (UUID, SymmetricKey) {
        let id = try await currentKeyId()
        return (id, try await key(for: id))
    }

    /// The current key's description id, without resolving the key itself.
    func currentKeyId() async throws -> UUID {
        if let current = try await store.settings.currentEncryptionKeyId() { return current }
        let descriptions = try await store.encryptionKeyDescriptions.list()
        guard descriptions.count == 1 else {
            throw OBCError(
                .misconfigured,
                descriptions.isEmpty
                    ? "No encryption key is configured, so secrets cannot be stored. Create one with POST /manage/encryption-key-descriptions (\"SetAsCurrentEncryptionKey\": true) or `obc keys add --set-current`."
                    : "\(descriptions.count) encryption keys exist but none is current. Choose one with `obc keys set-current ID` or POST /manage/encryption-key-descriptions with \"SetAsCurrentEncryptionKey\": true."
            )
        }
        return descriptions[0].id
    }

    /// The AES key of a description; a key that can no longer be resolved is a deployment fault.
    public func key(for descriptionId: UUID) async throws -> SymmetricKey {
        if let cached = await keys.cached(descriptionId) { return cached }
        guard let description = try await store.encryptionKeyDescriptions.find(id: descriptionId) else {
            throw OBCError(
                .misconfigured,
                "Encryption key description \(descriptionId.lowercasedText) is missing or deleted, so objects it sealed cannot be opened.")
        }
        do {
            return try await keys.load(description, field: "Key")
        } catch {
            let failure = OBCError(.misconfigured, "Encryption key description \(descriptionId.lowercasedText): \(error.detail)")
            throw error.cause.map { failure.withCause($0) } ?? failure
        }
    }

    /// AES-256-GCM with a fresh random nonce; the associated data binds id, owner and purpose.
    public static func seal(
        _ plaintext: Data, id: UUID, owner: UUID, purpose: EncryptionPurpose, keyId: UUID, key: SymmetricKey, created: Date, modified: Date
    ) throws -> EncryptedObject {
        var object = EncryptedObject(
            id: id, ownerId: owner, purpose: purpose, keyDescriptionId: keyId, nonce: Data(), tag: Data(), ciphertext: Data(),
            created: created, modified: modified)
        try seal(plaintext, into: &object, key: key, nonce: AES.GCM.Nonce(), associatedData: object.associatedData)
        return object
    }

    /// Opens `object` with the key that sealed it and seals the plaintext again under `key`
    /// with `nonce` (a rotation's, from its `NonceBlock`). The associated data does not
    /// change, so it is built once.
    public static func reseal(
        _ object: EncryptedObject, openingWith oldKey: SymmetricKey, to keyId: UUID, key: SymmetricKey, nonce: AES.GCM.Nonce, modified: Date
    ) throws -> EncryptedObject {
        let associatedData = object.associatedData
        let plaintext = try open(object, key: oldKey, associatedData: associatedData)
        var resealed = object
        resealed.keyDescriptionId = keyId
        resealed.modified = modified
        try seal(plaintext, into: &resealed, key: key, nonce: nonce, associatedData: associatedData)
        return resealed
    }

    /// Opens `object`; an authentication failure is reported as tampering, never a crash.
    public static func open(_ object: EncryptedObject, key: SymmetricKey) throws -> Data {
        try open(object, key: key, associatedData: object.associatedData)
    }

    private static func seal(_ plaintext: Data, into object: inout EncryptedObject, key: SymmetricKey, nonce: AES.GCM.Nonce, associatedData: Data)
        throws
    {
        let box = try AES.GCM.seal(plaintext, using: key, nonce: nonce, authenticating: associatedData)
        object.nonce = Data(box.nonce)
        object.tag = box.tag
        object.ciphertext = box.ciphertext
    }

    private static func open(_ object: EncryptedObject, key: SymmetricKey, associatedData: Data) throws -> Data {
        do {
            let box = try AES.GCM.SealedBox(nonce: AES.GCM.Nonce(data: object.nonce), ciphertext: object.ciphertext, tag: object.tag)
            return try AES.GCM.open(box, using: key, authenticating: associatedData)
        } catch {
            throw OBCError(
                .tampering,
                "Encrypted object \(object.id.lowercasedText) (\(object.purpose) of \(object.ownerId.lowercasedText)) failed authentication: it was altered, moved to another owner or purpose, or its key description \(object.keyDescriptionId.lowercasedText) now names a different key."
            )
        }
    }
}
