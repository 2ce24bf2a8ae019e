import Foundation
import OBCPluginAPI
import X509

/// Certificates, keys and statement a registration works with, resolved once.
struct RegistrationCredentials: Sendable {
    var statement: SoftwareStatement
    var wacCertificate: Certificate
    var transport: TransportIdentity
    /// The OBSeal key: signs DCR requests, Directory assertions and `private_key_jwt` assertions.
    var signer: any KeySigner
    var signingKeyId: String
}

/// One request's view of its software statement: the credentials and the SSA, each loaded
/// at most once and only when a step needs it (a re-used client needs neither).
final class RegistrationContext {
    let statement: SoftwareStatement
    private let loader: RegistrationContextLoader
    private var loadedCredentials: RegistrationCredentials?
    private var loadedAssertion: SoftwareStatementAssertion?

    init(statement: SoftwareStatement, loader: RegistrationContextLoader) {
        self.statement = statement
        self.loader = loader
    }

    func credentials() async throws -> RegistrationCredentials {
        if let loadedCredentials { return loadedCredentials }
        let credentials = try await loader.credentials(for: statement)
        loadedCredentials = credentials
        return credentials
    }

    func assertion() async throws -> SoftwareStatementAssertion {
        if let loadedAssertion { return loadedAssertion }
        let assertion = try await loader.assertion(with: try await credentials())
        loadedAssertion = assertion
        return assertion
    }
}

/// Loads what a `RegistrationContext` holds: records from the store, keys from the key
/// sources, the SSA from the OB Directory.
struct RegistrationContextLoader: Sendable {
    let store: any Store
    let secrets: SecretResolver
    let directory: DirectoryClient
    let configuration: ConfigurationValues
    /// Parsed certificates and signing keys, shared by every request.
    let parsed = ParsedCredentials()

    /// The context of a new registration, whose software statement must exist.
    func context(for softwareStatementId: UUID) async throws -> RegistrationContext {
        guard let statement = try await store.softwareStatements.find(id: softwareStatementId) else {
            throw OBCError.invalid("SoftwareStatementId", "no SoftwareStatement record with ID \(softwareStatementId.lowercasedText) exists.")
        }
        return RegistrationContext(statement: statement, loader: self)
    }

    /// The context of a stored registration, to call the bank about its client.
    func context(of registration: BankRegistration) async throws -> RegistrationContext {
        guard let statement = try await store.softwareStatements.find(id: registration.softwareStatementId) else {
            throw OBCError(.conflict, "The registration's software statement was deleted, so the bank cannot be called.")
        }
        return RegistrationContext(statement: statement, loader: self)
    }

    func credentials(for statement: SoftwareStatement) async throws -> RegistrationCredentials {
        guard let wac = try await store.obWacCertificates.find(id: statement.defaultObWacCertificateId) else {
            throw OBCError.invalid("SoftwareStatementId", "the software statement's OBWAC certificate was deleted.")
        }
        guard let seal = try await store.obSealCertificates.find(id: statement.defaultObSealCertificateId) else {
            throw OBCError.invalid("SoftwareStatementId", "the software statement's OBSeal certificate was deleted.")
        }
        let certificate = try parsed.certificate(wac.certificate, field: "ObWacCertificate.Certificate")
        let wacKey = try await matchingKey(of: .obWacCertificate, id: wac.id, key: wac.associatedKey, certificate: certificate)
        let sealCertificate = try parsed.certificate(seal.certificate, field: "ObSealCertificate.Certificate")
        let sealKey = try await matchingKey(of: .obSealCertificate, id: seal.id, key: seal.associatedKey, certificate: sealCertificate)
        return RegistrationCredentials(
            statement: statement, wacCertificate: certificate, transport: TransportIdentity(certificatePEM: wac.certificate, key: wacKey),
            signer: sealKey, signingKeyId: seal.associatedKeyId)
    }

    func assertion(with credentials: RegistrationCredentials) async throws -> SoftwareStatementAssertion {
        let statement = credentials.statement
        let jws = try await directory.softwareStatementAssertion(
            organisationId: statement.organisationId, softwareId: statement.softwareId,
            endpoints: .configured(sandbox: statement.sandboxEnvironment, configuration: configuration), transport: credentials.transport,
            signer: credentials.signer, signingKeyId: credentials.signingKeyId)
        return try SoftwareStatementAssertion(jws: jws)
    }
}
