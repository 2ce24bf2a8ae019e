import Foundation
import OBCPluginAPI
import X509

/// Verifies a certificate against the key its record names, for create requests and for
/// the start-up check alike, so both apply exactly the same rules.
public struct CertificateVerifier: Sendable {
    public let secrets: SecretResolver

    public init(secrets: SecretResolver) { self.secrets = secrets }

    /// Returns the normalised PEM and any validity warnings (one per chain member outside its
    /// window); throws a request error otherwise. A chain must be leaf first, each certificate
    /// signed by the next, and the key must be the leaf's.
    public func verify(
        certificatePEM: String,
        associatedKey: SecretDescription,
        at date: Date
    ) async throws(OBCError) -> WithWarnings<String> {
        let chain = try CertificateChain.parse(certificatePEM, field: "Certificate")
        if secrets.keepsKeys(associatedKey) {
            // The key stays in its keeper (a PKCS#11 token): check the keeper's public key.
            let signer = try await secrets.signer(associatedKey, field: "AssociatedKey")
            try CertificateInspector.requireMatch(signer, chain.leaf, field: "AssociatedKey", description: associatedKey)
            return WithWarnings(CertificateInspector.normalisedPEM(certificatePEM), warnings: chain.validityWarnings(at: date))
        }
        let secret = try await secrets.resolve(associatedKey, field: "AssociatedKey")
        let key: Certificate.PrivateKey
        do {
            key = try CertificateInspector.parsePrivateKey(secret, field: "AssociatedKey", description: associatedKey)
        } catch {
            throw SecretResolver.unusable(associatedKey, field: "AssociatedKey", cause: error.detail)
        }
        try CertificateInspector.requireMatch(key, chain.leaf, field: "AssociatedKey", description: associatedKey)
        return WithWarnings(
            CertificateInspector.normalisedPEM(certificatePEM),
            warnings: chain.validityWarnings(at: date)
        )
    }
}
