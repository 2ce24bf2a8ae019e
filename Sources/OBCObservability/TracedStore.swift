import OBCCore

/// The `Store` port with a trace span around every operation of every repository, so no store
/// implementation carries tracing code. `OBCRuntime` hands it to the core services for both
/// stores; without a bootstrapped tracer the spans are no-ops.
public struct TracedStore: Store {
    /// The store that does the work.
    public let wrapped: any Store
    public let obWacCertificates: any RecordRepository<ObWacCertificate>
    public let obSealCertificates: any RecordRepository<ObSealCertificate>
    public let softwareStatements: any RecordRepository<SoftwareStatement>
    public let encryptionKeyDescriptions: any RecordRepository<EncryptionKeyDescription>
    public let settings: any SettingsRepository
    public let encryptedObjects: any EncryptedObjectRepository
    public let bankRegistrations: any RecordRepository<BankRegistration>
    public let bankClients: any BankClientRepository
    public let instances: any InstanceHeartbeatRepository
    public let registrationAttempts: any RegistrationAttemptRepository

    /// `system` is OpenTelemetry's `db.system` value: `sqlite` or `postgresql`.
    public init(_ store: any Store, system: String) {
        wrapped = store
        func spans(_ repository: String) -> StoreSpans { StoreSpans(system: system, repository: repository) }
        obWacCertificates = TracedRecordRepository(store.obWacCertificates, spans: spans("obWacCertificates"))
        obSealCertificates = TracedRecordRepository(store.obSealCertificates, spans: spans("obSealCertificates"))
        softwareStatements = TracedRecordRepository(store.softwareStatements, spans: spans("softwareStatements"))
        encryptionKeyDescriptions = TracedRecordRepository(store.encryptionKeyDescriptions, spans: spans("encryptionKeyDescriptions"))
        settings = TracedSettingsRepository(wrapped: store.settings, spans: spans("settings"))
        encryptedObjects = TracedEncryptedObjectRepository(wrapped: store.encryptedObjects, spans: spans("encryptedObjects"))
        bankRegistrations = TracedRecordRepository(store.bankRegistrations, spans: spans("bankRegistrations"))
        bankClients = TracedBankClientRepository(wrapped: store.bankClients, spans: spans("bankClients"))
        instances = TracedInstanceHeartbeatRepository(wrapped: store.instances, spans: spans("instances"))
        registrationAttempts = TracedRegistrationAttemptRepository(wrapped: store.registrationAttempts, spans: spans("registrationAttempts"))
    }

    public func exportRecords() async throws -> StoreSnapshot { try await wrapped.exportRecords() }
    public func importRecords(_ snapshot: StoreSnapshot) async throws { try await wrapped.importRecords(snapshot) }
}
