import Foundation
import OBCPluginAPI

/// Keeps records of one kind. Implementations enforce the record's references atomically:
/// an insert or update pointing at a missing target throws `OBCError.invalid(field, …)`, and a
/// soft delete of a record that live records still point at throws `OBCError.conflict`.
public protocol RecordRepository<Record>: Sendable {
    associatedtype Record: StoredRecord
    func insert(_ record: Record) async throws
    /// The record if it exists and is not deleted.
    func find(id: UUID) async throws -> Record?
    /// Every live record, oldest first.
    func list() async throws -> [Record]
    /// Replaces a live record; throws `notFound` if it is missing or deleted.
    func update(_ record: Record) async throws
    /// Marks a live record deleted; throws `notFound` or `conflict`.
    func softDelete(id: UUID, at date: Date, by deletedBy: String?) async throws
}

/// Singleton settings, shared by every process on the database.
public protocol SettingsRepository: Sendable {
    func currentEncryptionKeyId() async throws -> UUID?
    /// Sets the current key; throws `notFound` if the description is missing or deleted.
    func setCurrentEncryptionKeyId(_ id: UUID) async throws
}

/// The persistence port of the core. One implementation per database (SQLite, PostgreSQL);
/// services depend on this protocol only. Every store hands over and takes over all its records
/// (`StoreExporting`, `StoreImporting`), so `obc db copy` copies any store into any store.
public protocol Store: StoreExporting, StoreImporting {
    var obWacCertificates: any RecordRepository<ObWacCertificate> { get }
    var obSealCertificates: any RecordRepository<ObSealCertificate> { get }
    var softwareStatements: any RecordRepository<SoftwareStatement> { get }
    var encryptionKeyDescriptions: any RecordRepository<EncryptionKeyDescription> { get }
    var settings: any SettingsRepository { get }
    var encryptedObjects: any EncryptedObjectRepository { get }
    var bankRegistrations: any RecordRepository<BankRegistration> { get }
    var bankClients: any BankClientRepository { get }
    /// Running servers' heartbeats (which keys each can resolve).
    var instances: any InstanceHeartbeatRepository { get }
    /// DCR attempts in flight, and those a dead owner left interrupted.
    var registrationAttempts: any RegistrationAttemptRepository { get }
}

extension RecordRepository {
    /// The live record, or the core's `notFound` error.
    public func require(id: UUID) async throws -> Record {
        guard let record = try await find(id: id) else { throw OBCError.notFound(Record.kind, id: id) }
        return record
    }
}
