import Foundation
import OBCPluginAPI
import SwiftASN1
import X509

/// Checks a certificate and its private key the way a bank will: the PEM parses, the key is
/// the certificate's own (the leaf's, for a chain), and the validity window covers today
/// (outside it is only a warning, since TPPs load next year's certificate ahead of time).
public enum CertificateInspector {
    /// OBC accepts PEM with escaped newlines (`\n` written as two characters); so do we.
    public static func normalisedPEM(_ text: String) -> String {
        text.replacingOccurrences(of: "\\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines) + "\n"
    }

    /// The leaf of a PEM certificate or leaf-first chain (see ``CertificateChain``).
    static func parseCertificate(_ pem: String, field: String) throws(OBCError) -> Certificate {
        try CertificateChain.parse(pem, field: field).leaf
    }

    static func parsePrivateKey(_ secret: SecretValue, field: String, description: SecretDescription) throws(OBCError)
        -> Certificate.PrivateKey
    {
        let text = normalisedPEM(secret.revealed)
        do {
            return try Certificate.PrivateKey(pemEncoded: text)
        } catch {
            throw .invalid(
                field,
                "the secret with Source \(description.source) and Name \(description.name) is not a PEM private key (RSA or EC, PKCS#1, SEC1 or PKCS#8)."
            )
        }
    }

    /// Throws unless `key` is the private half of `certificate`'s public key.
    static func requireMatch(
        _ key: Certificate.PrivateKey,
        _ certificate: Certificate,
        field: String,
        description: SecretDescription
    ) throws(OBCError) {
        guard key.publicKey == certificate.publicKey else {
            throw .invalid(
                field,
                "the private key with Source \(description.source) and Name \(description.name) does not belong to the certificate (their public keys differ)."
            )
        }
    }

    /// Throws unless `signer`'s public key is `certificate`'s: for a key kept in a token this
    /// is the token's own public key, so a record pairing it with another certificate fails here.
    static func requireMatch(
        _ signer: any KeySigner,
        _ certificate: Certificate,
        field: String,
        description: SecretDescription
    ) throws(OBCError) {
        let publicKey: Certificate.PublicKey
        if let key = signer as? SigningKey {
            publicKey = key.publicKey
        } else {
            do {
                publicKey = try Certificate.PublicKey(derEncoded: signer.publicKeyDER)
            } catch {
                throw SecretResolver.unusable(
                    description, field: field, cause: "\(signer.keyName) reports a public key that is not a DER SubjectPublicKeyInfo.")
            }
        }
        guard publicKey == certificate.publicKey else {
            throw .invalid(
                field,
                "the private key with Source \(description.source) and Name \(description.name) does not belong to the certificate (their public keys differ)."
            )
        }
    }
}
