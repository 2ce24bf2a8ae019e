import Foundation
import OBCPluginAPI

/// Lists what a deployment holds, a page at a time (see `PageRequest` for the order and the
/// cursor): certificates with their expiry facts and dependants, encryption key descriptions
/// with which one is current, and bank registrations by software statement, profile or group.
public struct EstateService: Sendable {
    let store: any Store
    let registry: PluginRegistry

    public init(store: any Store, registry: PluginRegistry) {
        self.store = store
        self.registry = registry
    }

    public func obWacCertificates(_ page: PageRequest) async throws -> Page<CertificateStanding> {
        page.page(of: try await certificates(kind: .obWacCertificate), id: \.id)
    }

    public func obSealCertificates(_ page: PageRequest) async throws -> Page<CertificateStanding> {
        page.page(of: try await certificates(kind: .obSealCertificate), id: \.id)
    }

    /// Every live OBWAC and OBSeal certificate, OBWAC first, each kind in id order.
    public func certificates() async throws -> [CertificateStanding] {
        let all = try await certificates(kind: nil)
        return all.sorted {
            ($0.kind == .obWacCertificate ? 0 : 1, $0.id.lowercasedText) < ($1.kind == .obWacCertificate ? 0 : 1, $1.id.lowercasedText)
        }
    }

    public func encryptionKeyDescriptions(_ page: PageRequest) async throws -> Page<KeyDescriptionStanding> {
        let current = try await store.settings.currentEncryptionKeyId()
        let descriptions = try await store.encryptionKeyDescriptions.list()
        return page.page(of: descriptions, id: \.id).map { KeyDescriptionStanding(description: $0, isCurrent: $0.id == current) }
    }

    /// Throws `invalid("bankProfile" | "bankGroup")` for a name that neither this build nor a
    /// stored registration knows, so a typo is not mistaken for an empty estate.
    public func bankRegistrations(_ filter: BankRegistrationFilter, _ page: PageRequest) async throws -> Page<RegistrationStanding> {
        let registrations = page.page(of: try await matchingRegistrations(filter), id: \.id)
        return Page(items: try await standings(of: registrations.items), next: registrations.next)
    }

    /// Every registration `filter` matches, in Id order (the CLI's whole list), checked as above.
    public func bankRegistrations(_ filter: BankRegistrationFilter) async throws -> [RegistrationStanding] {
        try await standings(of: try await matchingRegistrations(filter))
    }

    /// Each registration with where its client stands against its software statement.
    func standings(of registrations: [BankRegistration]) async throws -> [RegistrationStanding] {
        var statements: [UUID: SoftwareStatement] = [:]
        var clients: [UUID: BankClient] = [:]
        var result: [RegistrationStanding] = []
        for registration in registrations {
            if statements[registration.softwareStatementId] == nil {
                statements[registration.softwareStatementId] = try await store.softwareStatements.find(id: registration.softwareStatementId)
            }
            if clients[registration.bankClientId] == nil {
                clients[registration.bankClientId] = try await store.bankClients.find(id: registration.bankClientId)
            }
            let client = clients[registration.bankClientId]
            let behind = statements[registration.softwareStatementId].map { client?.isBehind($0) ?? false } ?? false
            result.append(RegistrationStanding(registration: registration, behindSoftwareStatement: behind, clientUpdated: client?.updatedAt))
        }
        return result
    }

    func matchingRegistrations(_ filter: BankRegistrationFilter) async throws -> [BankRegistration] {
        let all = try await store.bankRegistrations.list()
        if let profile = filter.bankProfile, registry.bankProfiles[profile] == nil, !all.contains(where: { $0.bankProfile == profile }) {
            throw OBCError.invalid("bankProfile", "no bank profile is named '\(profile.prefix(60))' (see GET /manage/bank-profiles).")
        }
        if let group = filter.bankGroup, registry.bankGroups[group] == nil, !all.contains(where: { $0.bankGroup == group }) {
            throw OBCError.invalid("bankGroup", "no bank group is named '\(group.prefix(60))' (see GET /manage/bank-profiles).")
        }
        return all.filter(filter.matches).sorted { $0.id.lowercasedText < $1.id.lowercasedText }
    }

    private func certificates(kind: RecordKind?) async throws -> [CertificateStanding] {
        let statements = try await store.softwareStatements.list()
        var registrations: [UUID: Int] = [:]
        for registration in try await store.bankRegistrations.list() { registrations[registration.softwareStatementId, default: 0] += 1 }
        func standing(_ kind: RecordKind, _ metadata: RecordMetadata, _ key: SecretDescription, _ keyId: String?, _ pem: String)
            -> CertificateStanding
        {
            let users = statements.filter {
                (kind == .obWacCertificate ? $0.defaultObWacCertificateId : $0.defaultObSealCertificateId) == metadata.id
            }
            return CertificateStanding(
                kind: kind, metadata: metadata, associatedKey: key, associatedKeyId: keyId, facts: CertificateFacts.read(pem: pem),
                softwareStatementIds: users.map(\.id).sorted { $0.lowercasedText < $1.lowercasedText },
                bankRegistrationCount: users.reduce(0) { $0 + (registrations[$1.id] ?? 0) })
        }
        var result: [CertificateStanding] = []
        if kind != .obSealCertificate {
            for record in try await store.obWacCertificates.list() {
                result.append(standing(.obWacCertificate, record.metadata, record.associatedKey, nil, record.certificate))
            }
        }
        if kind != .obWacCertificate {
            for record in try await store.obSealCertificates.list() {
                result.append(standing(.obSealCertificate, record.metadata, record.associatedKey, record.associatedKeyId, record.certificate))
            }
        }
        return result
    }
}
