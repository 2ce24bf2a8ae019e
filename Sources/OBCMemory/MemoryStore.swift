import Foundation
import OBCCore
import OBCPluginAPI

/// The `Store` port in this process's memory (see `MemoryStoreProvider`).
public final class MemoryStore: Store {
    let state = MemoryState()

    public init() {}

    public var obWacCertificates: any RecordRepository<ObWacCertificate> { MemoryRecordRepository(state: state) }
    public var obSealCertificates: any RecordRepository<ObSealCertificate> { MemoryRecordRepository(state: state) }
    public var softwareStatements: any RecordRepository<SoftwareStatement> { MemoryRecordRepository(state: state) }
    public var encryptionKeyDescriptions: any RecordRepository<EncryptionKeyDescription> { MemoryRecordRepository(state: state) }
    public var settings: any SettingsRepository { MemorySettingsRepository(state: state) }
    public var encryptedObjects: any EncryptedObjectRepository { MemoryEncryptedObjectRepository(state: state) }
    public var bankRegistrations: any RecordRepository<BankRegistration> { MemoryRecordRepository(state: state) }
    public var bankClients: any BankClientRepository { MemoryBankClientRepository(state: state) }
    public var instances: any InstanceHeartbeatRepository { MemoryInstanceHeartbeatRepository(state: state) }
    public var registrationAttempts: any RegistrationAttemptRepository { MemoryRegistrationAttemptRepository(state: state) }

    public func exportRecords() async throws -> StoreSnapshot {
        try state.read { tables in
            func all<Record: StoredRecord>(_ type: Record.Type) -> [Record] {
                (tables.records[Record.kind] ?? [:]).values.sorted(by: MemoryTables.oldestFirst).compactMap { $0 as? Record }
            }
            var snapshot = StoreSnapshot()
            snapshot.obWacCertificates = all(ObWacCertificate.self)
            snapshot.obSealCertificates = all(ObSealCertificate.self)
            snapshot.softwareStatements = all(SoftwareStatement.self)
            snapshot.encryptionKeyDescriptions = all(EncryptionKeyDescription.self)
            snapshot.bankRegistrations = all(BankRegistration.self)
            snapshot.currentEncryptionKeyId = tables.currentEncryptionKeyId
            snapshot.bankClients = tables.clients.values.sorted {
                ($0.client.created, $0.client.id.lowercasedText) < ($1.client.created, $1.client.id.lowercasedText)
            }
            .map { (client: $0.client, deleted: $0.deleted) }
            return snapshot
        }
    }

    public func importRecords(_ snapshot: StoreSnapshot) async throws {
        try state.withTables { tables in
            guard tables.records[.encryptionKeyDescription, default: [:]].isEmpty, tables.objects.isEmpty else {
                throw OBCError.conflict("The target store already holds records; copy into an empty one.")
            }
            func put(_ records: [any StoredRecord]) {
                for record in records { tables.records[type(of: record).kind, default: [:]][record.id] = record }
            }
            put(snapshot.obWacCertificates)
            put(snapshot.obSealCertificates)
            put(snapshot.softwareStatements)
            put(snapshot.encryptionKeyDescriptions)
            put(snapshot.bankRegistrations)
            for (client, deleted) in snapshot.bankClients { tables.clients[client.id] = MemoryClient(client: client, deleted: deleted) }
            tables.currentEncryptionKeyId = snapshot.currentEncryptionKeyId
        }
    }
}
