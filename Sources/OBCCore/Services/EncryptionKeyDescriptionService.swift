import Foundation
import OBCPluginAPI

/// Manages encryption key descriptions and which one is current. A description is only
/// stored once its key resolves to exactly 256 bits, so a typo cannot surface later as an
/// undecryptable secret.
public struct EncryptionKeyDescriptionService: Sendable {
    public struct Request: Sendable {
        public var key: SecretDescription
        public var setAsCurrent: Bool
        public var authorship: RecordAuthorship

        public init(key: SecretDescription, setAsCurrent: Bool = false, authorship: RecordAuthorship = .init()) {
            self.key = key
            self.setAsCurrent = setAsCurrent
            self.authorship = authorship
        }
    }

    let store: any Store
    let keys: EncryptionKeyResolver
    let now: @Sendable () -> Date

    public init(store: any Store, keys: EncryptionKeyResolver, now: @escaping @Sendable () -> Date) {
        self.store = store
        self.keys = keys
        self.now = now
    }

    public func create(_ request: Request) async throws -> EncryptionKeyDescription {
        let record = EncryptionKeyDescription(
            metadata: RecordMetadata(reference: request.authorship.reference, created: now(), createdBy: request.authorship.createdBy),
            key: request.key
        )
        try await keys.load(record, field: "Key")
        try await store.encryptionKeyDescriptions.insert(record)
        if request.setAsCurrent {
            try await store.settings.setCurrentEncryptionKeyId(record.id)
        }
        return record
    }

    public func get(id: UUID) async throws -> EncryptionKeyDescription {
        try await store.encryptionKeyDescriptions.require(id: id)
    }

    /// Sets an existing description as the key new secrets are sealed with.
    public func setCurrent(id: UUID) async throws {
        try await store.settings.setCurrentEncryptionKeyId(id)
    }

    func currentId() async throws -> UUID? {
        try await store.settings.currentEncryptionKeyId()
    }

    public func list() async throws -> [EncryptionKeyDescription] {
        try await store.encryptionKeyDescriptions.list()
    }

    public func delete(id: UUID, by deletedBy: String? = nil) async throws {
        if try await store.settings.currentEncryptionKeyId() == id {
            throw OBCError.conflict(
                "EncryptionKeyDescription \(id.lowercasedText) is the current encryption key; set another key as current first."
            )
        }
        try await store.encryptionKeyDescriptions.softDelete(id: id, at: now(), by: deletedBy)
    }
}
