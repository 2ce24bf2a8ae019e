import Foundation
import OBCPluginAPI
import X509

extension RegistrationContextLoader {
    /// The certificate's private key from the key sources, checked against the certificate
    /// before any network call. A key that is missing, unusable or not the certificate's is the
    /// deployment's fault: a 503 naming the certificate record, with the reason kept for the log.
    func matchingKey(of kind: RecordKind, id: UUID, key description: SecretDescription, pem: String, certificate: Certificate)
        async throws(OBCError) -> SecretValue
    {
        do {
            let secret = try await secrets.resolve(description, field: "AssociatedKey")
            try parsed.requireMatch(secret, description, certificatePEM: pem, certificate: certificate)
            return secret
        } catch {
            throw Self.unusableCertificate(kind, id: id, error)
        }
    }

    /// The request cannot use `kind` `id` because of `error`: this deployment's fault (503).
    static func unusableCertificate(_ kind: RecordKind, id: UUID, _ error: OBCError) -> OBCError {
        let failure = OBCError(
            .misconfigured,
            "The \(kind.rawValue) record with ID \(id.lowercasedText) cannot be used: \(error.detail) Registrations for software statements using it fail until its key is fixed."
        )
        return error.cause.map { failure.withCause($0) } ?? failure
    }
}
