import Crypto
import Foundation
import OBCPluginAPI
import Synchronization
import X509

/// Certificates and in-process keys parsed once per distinct PEM: every full registration
/// loads both, and parsing them (PEM normalising, X.509, RSA) cost about a quarter of a
/// millisecond each time. Keyed by the PEM's SHA-256, so no PEM text is kept; a changed
/// certificate or rotated key is simply a new entry.
final class ParsedCredentials: Sendable {
    /// Distinct PEMs kept before the cache starts over; deployments have a handful.
    static let limit = 64
    private let certificates = Mutex<[SHA256.Digest: Certificate]>([:])
    private let keys = Mutex<[SHA256.Digest: SigningKey]>([:])

    func certificate(_ pem: String, field: String) throws(OBCError) -> Certificate {
        let digest = SHA256.hash(data: Data(pem.utf8))
        if let cached = certificates.withLock({ $0[digest] }) { return cached }
        let certificate = try CertificateInspector.parseCertificate(pem, field: field)
        certificates.withLock { Self.insert(certificate, at: digest, into: &$0) }
        return certificate
    }

    func signingKey(_ pem: SecretValue) throws(OBCError) -> SigningKey {
        let digest = SHA256.hash(data: Data(pem.revealed.utf8))
        if let cached = keys.withLock({ $0[digest] }) { return cached }
        let key = try SigningKey(pem: pem)
        keys.withLock { Self.insert(key, at: digest, into: &$0) }
        return key
    }

    static func insert<Value>(_ value: Value, at digest: SHA256.Digest, into cache: inout [SHA256.Digest: Value]) {
        if cache.count >= limit { cache.removeAll() }
        cache[digest] = value
    }
}
