import Crypto
import NIOCore
import NIOSSL
import OBCCore
import OBCPluginAPI
import Synchronization

/// A key that stays with its keeper (a PKCS#11 token) as swift-nio-ssl's custom private key:
/// BoringSSL hands each handshake signature (TLS 1.3 `CertificateVerify`, TLS 1.2
/// `ServerKeyExchange`'s client counterpart) to `sign`, and the keeper makes it. RSA-PSS and
/// PKCS#1 v1.5 with SHA-256/384/512 for RSA keys, ECDSA P-256 SHA-256 for EC keys; no RSA key
/// exchange (`decrypt`), so only ECDHE suites are offered in TLS 1.2.
final class SignerTLSKey: NIOSSLCustomPrivateKey, Hashable, Sendable {
    let signer: any KeySigner
    /// What makes two of these the same key (connection pools are keyed by TLS configuration).
    private let identity: [UInt8]
    /// Why the last signature failed, so the request's error can name the key and the reason.
    private let lastFailure = Mutex<KeySourceError?>(nil)

    static let schemes: [(SignatureAlgorithm, SigningAlgorithm)] = [
        (.rsaPssRsaeSha256, .rsaPSSSHA256), (.rsaPssRsaeSha384, .rsaPSSSHA384), (.rsaPssRsaeSha512, .rsaPSSSHA512),
        (.rsaPkcs1Sha256, .rsaPKCS1SHA256), (.rsaPkcs1Sha384, .rsaPKCS1SHA384), (.rsaPkcs1Sha512, .rsaPKCS1SHA512),
        (.ecdsaSecp256R1Sha256, .ecdsaP256SHA256),
    ]

    init(signer: any KeySigner) {
        self.signer = signer
        self.identity = Array(signer.keyName.utf8) + [0] + signer.publicKeyDER
    }

    var signatureAlgorithms: [SignatureAlgorithm] {
        let supported = Set(signer.algorithms)
        return Self.schemes.filter { supported.contains($0.1) }.map(\.0)
    }

    func sign(channel: any Channel, algorithm: SignatureAlgorithm, data: ByteBuffer) -> EventLoopFuture<ByteBuffer> {
        let promise = channel.eventLoop.makePromise(of: ByteBuffer.self)
        guard let ours = Self.schemes.first(where: { $0.0 == algorithm })?.1 else {
            promise.fail(KeySourceError(.invalidName, "TLS asked \(signer.keyName) for an unsupported signature scheme."))
            return promise.futureResult
        }
        let message = Array(data.readableBytesView)
        promise.completeWithTask { [signer, self] in
            do {
                let signature = try await signer.sign(message, with: ours)
                guard ours == .ecdsaP256SHA256 else { return ByteBuffer(bytes: signature) }
                return ByteBuffer(bytes: try P256.Signing.ECDSASignature(rawRepresentation: signature).derRepresentation)
            } catch let error as KeySourceError {
                self.lastFailure.withLock { $0 = error }
                throw error
            }
        }
        return promise.futureResult
    }

    func decrypt(channel: any Channel, data: ByteBuffer) -> EventLoopFuture<ByteBuffer> {
        channel.eventLoop.makeFailedFuture(KeySourceError(.invalidName, "\(signer.keyName) does not do RSA key exchange."))
    }

    /// The failure of the last signature, cleared as it is read.
    func takeFailure() -> KeySourceError? {
        lastFailure.withLock { failure in
            defer { failure = nil }
            return failure
        }
    }

    static func == (lhs: SignerTLSKey, rhs: SignerTLSKey) -> Bool { lhs.identity == rhs.identity }
    func hash(into hasher: inout Hasher) { hasher.combine(identity) }
}
