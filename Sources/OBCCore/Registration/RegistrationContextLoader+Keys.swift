import Foundation
import OBCPluginAPI
import X509

extension RegistrationContextLoader {
    /// The certificate's private key as a signer (in-process, or kept by its key source such
    /// as a PKCS#11 token), checked against the certificate before any network call. A key that
    /// is missing, unusable or not the certificate's is the deployment's fault: a 503 naming the
    /// certificate record, with the reason kept for the log.
    func matchingKey(of kind: RecordKind, id: UUID, key description: SecretDescription, certificate: Certificate)
        async throws(OBCError) -> any KeySigner
    {
        do {
            let signer = try await secrets.signer(description, field: "AssociatedKey", parse: parsed.signingKey)
            try CertificateInspector.requireMatch(signer, certificate, field: "AssociatedKey", description: description)
            return signer
        } catch {
            throw Self.unusableCertificate(kind, id: id, error)
        }
    }

    /// The request cannot use `kind` `id` because of `error`: this deployment's fault (503).
    static func unusableCertificate(_ kind: RecordKind, id: UUID, _ error: OBCError) -> OBCError {
        let failure = OBCError(
            error.kind == .unavailable ? .unavailable : .misconfigured,
            "The \(kind.rawValue) record with ID \(id.lowercasedText) cannot be used: \(error.detail) Registrations for software statements using it fail until its key is fixed."
        )
        return error.cause.map { failure.withCause($0) } ?? failure
    }
}
