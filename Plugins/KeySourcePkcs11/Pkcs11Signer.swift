import Logging
import OBCPluginAPI

/// A private key in a PKCS#11 token, as the core's `KeySigner`: every signature is made by the
/// token in a pooled session; the key never leaves it.
struct Pkcs11Signer: KeySigner {
    let keyName: String
    let selector: Pkcs11KeySelector
    let key: Pkcs11KeyInfo
    let pool: Pkcs11SessionPool
    let pin: @Sendable () async throws(Pkcs11Failure) -> SecretValue
    let logger: Logger

    var publicKeyDER: [UInt8] { key.publicKeyDER }
    var algorithms: [SigningAlgorithm] { key.kind == .rsa ? SigningAlgorithm.rsa : [.ecdsaP256SHA256] }

    func sign(_ message: [UInt8], with algorithm: SigningAlgorithm) async throws(KeySourceError) -> [UInt8] {
        let (library, key) = (pool.library, self.key)
        do {
            return try await pool.withSession(pin: pin) { session throws(Pkcs11Failure) in
                try Pkcs11Signing(library: library, session: session).sign(message, with: algorithm, key: key)
            }
        } catch {
            if error.reason == .notFound { await pool.forget(selector) }
            throw Pkcs11KeySource.reported(error, key: keyName, logger: logger)
        }
    }
}
