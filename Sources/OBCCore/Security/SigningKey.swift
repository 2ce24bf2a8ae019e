import Crypto
import Foundation
import OBCPluginAPI
import X509
import _CryptoExtras

/// A private key that signs JWS, parsed once from a PEM secret.
public enum SigningKey: Sendable {
    case rsa(_RSA.Signing.PrivateKey)
    case p256(P256.Signing.PrivateKey)

    /// Accepts RSA (PKCS#1 or PKCS#8) and P-256 (SEC1 or PKCS#8) PEM keys.
    public init(pem: SecretValue) throws(OBCError) {
        let text = CertificateInspector.normalisedPEM(pem.revealed)
        if let rsa = try? _RSA.Signing.PrivateKey(pemRepresentation: text) {
            self = .rsa(rsa)
        } else if let ec = try? P256.Signing.PrivateKey(pemRepresentation: text) {
            self = .p256(ec)
        } else {
            throw OBCError(.invalidRequest, "the key is not a PEM private key this product signs with (RSA of 2048 bits or more, or EC P-256).")
        }
    }

    /// The public half, as X.509 describes it.
    public var publicKey: Certificate.PublicKey {
        switch self {
        case .rsa(let key): Certificate.PublicKey(key.publicKey)
        case .p256(let key): Certificate.PublicKey(key.publicKey)
        }
    }
}

/// The in-process signer: what a key read as a PEM secret (configuration, AWS SSM, Google
/// Secret Manager) becomes, so the core signs the same way whoever keeps the key.
extension SigningKey: KeySigner {
    public var keyName: String {
        let fingerprint = SHA256.hash(data: publicKeyDER).prefix(6).map { String(format: "%02x", $0) }.joined()
        return "in-process key \(fingerprint)"
    }

    public var publicKeyDER: [UInt8] {
        switch self {
        case .rsa(let key): Array(key.publicKey.derRepresentation)
        case .p256(let key): Array(key.publicKey.derRepresentation)
        }
    }

    public var algorithms: [SigningAlgorithm] {
        switch self {
        case .rsa: SigningAlgorithm.rsa
        case .p256: [.ecdsaP256SHA256]
        }
    }

    public func sign(_ message: [UInt8], with algorithm: SigningAlgorithm) async throws(KeySourceError) -> [UInt8] {
        try signature(message, with: algorithm)
    }

    /// The signature, made here (synchronously).
    public func signature(_ message: [UInt8], with algorithm: SigningAlgorithm) throws(KeySourceError) -> [UInt8] {
        do {
            switch (self, algorithm) {
            case (.p256(let key), .ecdsaP256SHA256):
                return Array(try key.signature(for: SHA256.hash(data: message)).rawRepresentation)
            case (.rsa(let key), _) where algorithm.isRSA:
                let padding: _RSA.Signing.Padding =
                    [.rsaPSSSHA256, .rsaPSSSHA384, .rsaPSSSHA512].contains(algorithm) ? .PSS : .insecurePKCS1v1_5
                switch algorithm.hashLength {
                case 48: return Array(try key.signature(for: SHA384.hash(data: message), padding: padding).rawRepresentation)
                case 64: return Array(try key.signature(for: SHA512.hash(data: message), padding: padding).rawRepresentation)
                default: return Array(try key.signature(for: SHA256.hash(data: message), padding: padding).rawRepresentation)
                }
            default:
                throw KeySourceError(.invalidName, "the \(keyName) cannot make a \(algorithm.rawValue) signature.")
            }
        } catch let error as KeySourceError {
            throw error
        } catch {
            throw KeySourceError(.unavailable, "the \(keyName) could not sign: \(error)")
        }
    }

    /// The key as PEM, for TLS libraries that hold in-process keys themselves.
    public var pemForTLS: SecretValue {
        switch self {
        case .rsa(let key): SecretValue(key.pemRepresentation)
        case .p256(let key): SecretValue(key.pemRepresentation)
        }
    }
}
