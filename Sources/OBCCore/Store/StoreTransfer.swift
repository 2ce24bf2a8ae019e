import Foundation

/// Every record of a store, soft-deleted ones included, as the domain sees them, for moving
/// a deployment from one store to another (`obc db copy`). Encrypted objects are not in it:
/// they are walked with `EncryptedObjectRepository.batch` and inserted byte for byte.
public struct StoreSnapshot: Sendable {
    public var obWacCertificates: [ObWacCertificate] = []
    public var obSealCertificates: [ObSealCertificate] = []
    public var softwareStatements: [SoftwareStatement] = []
    public var encryptionKeyDescriptions: [EncryptionKeyDescription] = []
    public var currentEncryptionKeyId: UUID?
    /// Clients with when they were soft-deleted (nil while live).
    public var bankClients: [(client: BankClient, deleted: Date?)] = []
    public var bankRegistrations: [BankRegistration] = []

    public init() {}

    /// Records per kind, for comparing two stores.
    public var counts: [String: Int] {
        [
            "ObWacCertificate": obWacCertificates.count, "ObSealCertificate": obSealCertificates.count,
            "SoftwareStatement": softwareStatements.count, "EncryptionKeyDescription": encryptionKeyDescriptions.count,
            "BankClient": bankClients.count, "BankRegistration": bankRegistrations.count,
        ]
    }
}

/// A store that can hand over all its records (every `Store` is one).
public protocol StoreExporting: Sendable {
    func exportRecords() async throws -> StoreSnapshot
}

/// A store that can take over all records of another, keeping ids, metadata and deleted flags
/// (every `Store` is one).
public protocol StoreImporting: Sendable {
    /// Throws `conflict` unless the store holds no records yet; writes all or nothing.
    func importRecords(_ snapshot: StoreSnapshot) async throws
}
