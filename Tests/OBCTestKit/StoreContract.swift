import Crypto
import Foundation
import OBCCore

/// What every store must guarantee, whatever database is under it. Each case gets a fresh
/// store from a factory, acts through the `Store` port only, and throws `ContractViolation`
/// naming what broke.
public struct StoreContract: Sendable, CustomStringConvertible {
    public let name: String
    let body: @Sendable (any Store) async throws -> Void
    public var description: String { name }

    public func run(on factory: any StoreFactory) async throws {
        let store = try await factory.makeStore()
        do {
            try await body(store)
        } catch {
            await factory.dispose(store)
            throw error
        }
        await factory.dispose(store)
    }

    public static let all: [StoreContract] = [
        StoreContract(name: "50 concurrent claims of one registration group: exactly one claim", body: concurrentClaims),
        StoreContract(name: "takeover of a stale claim", body: staleTakeover),
        StoreContract(name: "activate is a compare-and-swap on the claim", body: activateCompareAndSwap),
        StoreContract(name: "a reference check racing a soft delete: 409, never a dangling reference", body: referenceRace),
        StoreContract(name: "nonces are unique", body: nonceUniqueness),
        StoreContract(name: "re-seal is a compare-and-swap on the nonce", body: resealCompareAndSwap),
        StoreContract(name: "objects counted per key", body: countPerKey),
        StoreContract(name: "a registration removed with its client's last use, in one operation", body: removeWithLastUse),
        StoreContract(name: "instance heartbeats: a beat replaces its own row, a clean stop removes it", body: instanceHeartbeats),
        StoreContract(name: "a claim lives while its owner beats or renews it", body: leaseFollowsOwnerHeartbeat),
        StoreContract(name: "DCR attempts: finished ones go, pending ones under a taken claim become interrupted", body: interruptedAttempts),
        StoreContract(name: "one update claim per client, a lease like the group's; a finish stores the revision", body: updateClaims),
    ]
}

public struct ContractViolation: Error, CustomStringConvertible {
    public let description: String
}

func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw ContractViolation(description: message()) }
}

// MARK: Fixtures

extension StoreContract {
    static func statement(in store: any Store) async throws -> SoftwareStatement {
        let wac = ObWacCertificate(metadata: RecordMetadata(), associatedKey: SecretDescription(name: "Wac"), certificate: "wac")
        let seal = ObSealCertificate(
            metadata: RecordMetadata(), associatedKeyId: "kid", associatedKey: SecretDescription(name: "Seal"), certificate: "seal")
        try await store.obWacCertificates.insert(wac)
        try await store.obSealCertificates.insert(seal)
        let statement = softwareStatement(wac: wac.id, seal: seal.id)
        try await store.softwareStatements.insert(statement)
        return statement
    }

    static func softwareStatement(wac: UUID, seal: UUID) -> SoftwareStatement {
        SoftwareStatement(
            metadata: RecordMetadata(), organisationId: "org", softwareId: "software", sandboxEnvironment: true, defaultObWacCertificateId: wac,
            defaultObSealCertificateId: seal, defaultQueryRedirectUrl: "https://tpp.example/q", defaultFragmentRedirectUrl: "https://tpp.example/f",
            modified: Date())
    }

    static func candidate(_ statement: UUID, claimedAt: Date = Date()) -> BankClient {
        BankClient(
            key: .init(softwareStatementId: statement, bankGroup: "Group", registrationGroup: "Production"), state: .pending, claimedBy: UUID(),
            claimedAt: claimedAt, created: claimedAt, bankProfile: "Group_Bank", registrationScope: [], tokenEndpointAuthMethod: .tlsClientAuth,
            useSimulatedBank: true, jwksUri: "https://bank.example/jwks", tokenEndpoint: "https://bank.example/token",
            authorizationEndpoint: "https://bank.example/authorize", redirectUris: ["https://tpp.example/q"])
    }

    static func registration(for client: BankClient) -> BankRegistration {
        BankRegistration(
            metadata: RecordMetadata(), client: client, bankProfile: client.bankProfile, defaultFragmentRedirectUri: "https://tpp.example/f",
            defaultQueryRedirectUri: "https://tpp.example/q")
    }

    public static func keyDescription(in store: any Store, _ name: String) async throws -> EncryptionKeyDescription {
        let description = EncryptionKeyDescription(metadata: RecordMetadata(), key: SecretDescription(name: name))
        try await store.encryptionKeyDescriptions.insert(description)
        return description
    }

    public static func sealed(_ text: String, key: SymmetricKey, keyId: UUID) throws -> EncryptedObject {
        try SecretSealer.seal(
            Data(text.utf8), id: UUID(), owner: UUID(), purpose: .clientSecret, keyId: keyId, key: key, created: Date(), modified: Date())
    }

    /// An active client with one registration.
    static func activeClient(in store: any Store, statement: UUID) async throws -> BankClient {
        guard
            case .claimed(var client) = try await store.bankClients.claim(
                candidate(statement), owner: UUID(), staleBefore: Date().addingTimeInterval(-60))
        else { throw ContractViolation(description: "a first claim was not granted") }
        client.externalApiId = "external-\(client.id)"
        try await store.bankClients.activate(client)
        client.state = .active
        return client
    }
}
