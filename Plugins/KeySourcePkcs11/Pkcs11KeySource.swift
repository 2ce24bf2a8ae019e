import Logging
import OBCPluginAPI
import Synchronization

/// The `Pkcs11` key source: private keys that stay inside a PKCS#11 token (an HSM such as AWS
/// CloudHSM or Thales Luna, a YubiHSM, SoftHSM2 in tests). A certificate's `AssociatedKey`
/// `{Source: Pkcs11, Name: <label>}` (or `id:<hex>`) names the key; the core signs with it and
/// never sees its bytes. The library, token and PIN come from `OpenBankingConnector:Pkcs11:*`.
public struct Pkcs11KeySource: SigningKeySource {
    public static let sourceName = SecretSource("Pkcs11")
    public let source = Pkcs11KeySource.sourceName
    let configuration: ConfigurationValues
    let logger: Logger

    /// One session pool per library and token settings in this process (the library itself
    /// can be initialised only once per process).
    private static let pools = Mutex<[Pkcs11Settings: Pkcs11SessionPool]>([:])

    public init(configuration: ConfigurationValues, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Keys in a token are not secrets to read: they sign where they are.
    public func secret(named name: String) async throws(KeySourceError) -> SecretValue {
        throw KeySourceError(
            .invalidName,
            "the Pkcs11 source keeps private keys inside the token, so \(name) can only be a certificate's AssociatedKey, never a secret to read.")
    }

    public func signer(named name: String, secrets: SecretLookup) async throws(KeySourceError) -> any KeySigner {
        let selector = try Pkcs11KeySelector(name: name)
        let settings = try Pkcs11Settings(configuration: configuration)
        let keyName = "PKCS#11 \(settings.tokenDescription), private key \(selector)"
        do {
            let pool = try Self.pool(for: settings)
            let pin = Self.pin(settings, secrets)
            let key = try await pool.key(selector, pin: pin)
            return Pkcs11Signer(keyName: keyName, selector: selector, key: key, pool: pool, pin: pin, logger: logger)
        } catch {
            throw Self.reported(error, key: keyName, logger: logger)
        }
    }

    static func pool(for settings: Pkcs11Settings) throws(Pkcs11Failure) -> Pkcs11SessionPool {
        let library = try Pkcs11Library.load(path: settings.modulePath)
        return pools.withLock { pools in
            if let pool = pools[settings] { return pool }
            let pool = Pkcs11SessionPool(library: library, settings: settings)
            pools[settings] = pool
            return pool
        }
    }

    /// Reads the PIN through its key source each time a session is opened (never logged).
    static func pin(_ settings: Pkcs11Settings, _ secrets: SecretLookup) -> @Sendable () async throws(Pkcs11Failure) -> SecretValue {
        { () async throws(Pkcs11Failure) -> SecretValue in
            do throws(KeySourceError) {
                return try await secrets.secret(source: settings.pinSource, named: settings.pinName)
            } catch {
                throw Pkcs11Failure(
                    .accessDenied, "the token's PIN (Source \(settings.pinSource), Name \(settings.pinName)) cannot be read: \(error.message)")
            }
        }
    }

    /// Logs `failure` naming the key (and the library's own words, which may hold a path, for
    /// the log only) and turns it into the key source error the core answers with.
    static func reported(_ failure: Pkcs11Failure, key: String, logger: Logger) -> KeySourceError {
        var metadata: Logger.Metadata = ["key": "\(key)"]
        if let detail = failure.detail { metadata["detail"] = "\(detail)" }
        logger.warning("PKCS#11 key unusable: \(failure.message)", metadata: metadata)
        return KeySourceError(failure.reason, "\(key): \(failure.message).")
    }
}
