/// A private key that signs without handing its bytes to anyone: an in-process key parsed
/// from a secret, or a key kept by a key source (a PKCS#11 token). The core signs DCR requests,
/// Directory client assertions, `private_key_jwt` assertions and TLS handshakes through it.
public protocol KeySigner: Sendable {
    /// Names the key for logs and errors (for example `PKCS#11 token obc, object label obseal`);
    /// never a secret.
    var keyName: String { get }
    /// The public half as a DER SubjectPublicKeyInfo, to check it against a certificate.
    var publicKeyDER: [UInt8] { get }
    /// What this key can sign with.
    var algorithms: [SigningAlgorithm] { get }
    /// Signs `message` (unhashed) with `algorithm`. Errors name the key, never a secret; a
    /// keeper that is busy or gone answers promptly (`unavailable`) rather than waiting forever.
    func sign(_ message: [UInt8], with algorithm: SigningAlgorithm) async throws(KeySourceError) -> [UInt8]
}
