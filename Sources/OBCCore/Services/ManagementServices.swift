import Foundation
import Logging
import OBCPluginAPI

/// Every core service, built once from a store and a registry and shared by the HTTP and
/// CLI fronts, which only translate to and from these calls.
public struct ManagementServices: Sendable {
    public let registry: PluginRegistry
    public let store: any Store
    public let secrets: SecretResolver
    let encryptionKeys: EncryptionKeyResolver
    public let obWacCertificates: ObWacCertificateService
    public let obSealCertificates: ObSealCertificateService
    public let softwareStatements: SoftwareStatementService
    public let encryptionKeyDescriptions: EncryptionKeyDescriptionService
    public let startupValidator: StartupValidator
    public let sealer: SecretSealer
    public let keyRotation: KeyRotationService
    public let bankRegistrations: BankRegistrationService
    public let bankProfiles: BankProfileCatalog
    public let keySwitchCheck: KeySwitchCheck
    public let estate: EstateService
    public let expiryWatch: ExpiryWatch
    public let renewals: RenewalService

    public init(
        registry: PluginRegistry, store: any Store, http: any OutboundHTTP, configuration: ConfigurationValues,
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "obc"), lease: RegistrationLease = RegistrationLease()
    ) {
        self.registry = registry
        self.store = store
        let secrets = SecretResolver(registry: registry)
        let verifier = CertificateVerifier(secrets: secrets)
        let encryptionKeys = EncryptionKeyResolver(secrets: secrets)
        self.secrets = secrets
        self.encryptionKeys = encryptionKeys
        self.obWacCertificates = ObWacCertificateService(repository: store.obWacCertificates, verifier: verifier, now: now)
        self.obSealCertificates = ObSealCertificateService(repository: store.obSealCertificates, verifier: verifier, now: now)
        self.softwareStatements = SoftwareStatementService(repository: store.softwareStatements, now: now)
        self.encryptionKeyDescriptions = EncryptionKeyDescriptionService(store: store, keys: encryptionKeys, now: now)
        self.startupValidator = StartupValidator(store: store, verifier: verifier, now: now)
        self.sealer = SecretSealer(store: store, keys: encryptionKeys, now: now)
        self.keyRotation = KeyRotationService(store: store, sealer: sealer, now: now)
        self.bankProfiles = BankProfileCatalog(registry: registry, configuration: configuration)
        self.keySwitchCheck = KeySwitchCheck(store: store, now: now)
        let estate = EstateService(store: store, registry: registry)
        self.estate = estate
        self.expiryWatch = ExpiryWatch(estate: estate, now: now)
        self.bankRegistrations = BankRegistrationService(
            registry: registry, store: store, secrets: secrets, sealer: sealer, http: http, configuration: configuration, now: now, logger: logger,
            lease: lease)
        self.renewals = RenewalService(store: store, registrations: bankRegistrations)
    }
}
