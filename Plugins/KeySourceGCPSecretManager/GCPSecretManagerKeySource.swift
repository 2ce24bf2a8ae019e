import Foundation
import Logging
import OBCPluginAPI

/// The `GoogleCloudSecretManagerV1` secret source: a record's key `Name` is a Secret Manager
/// version name, `projects/{project}/secrets/{secret}/versions/{version}`. Values are cached
/// per name for `cacheDuration` (config `OpenBankingConnector:GoogleCloudSecretManager:CacheSeconds`,
/// default 300), as the AWS SSM source does, because every bank call may need keys.
public actor GCPSecretManagerKeySource: KeySource {
    public nonisolated let source = SecretSource.googleCloudSecretManagerV1

    private let client: SecretManagerClient
    private let logger: Logger
    private var cache: SecretCache

    public init(client: SecretManagerClient, cacheDuration: Duration, logger: Logger) {
        self.client = client
        self.cache = SecretCache(lifetime: cacheDuration)
        self.logger = logger
    }

    /// Builds the key source from configuration and the Google environment variables.
    public init(
        configuration: ConfigurationValues,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        logger: Logger
    ) throws(OBCError) {
        let settings = try GCPSecretManagerSettings(configuration: configuration)
        self.init(client: settings.makeClient(environment: environment), cacheDuration: settings.cacheDuration, logger: logger)
    }

    public func secret(named name: String) async throws(KeySourceError) -> SecretValue {
        if let cached = cache.value(named: name) { return cached }
        do {
            let value = try await client.access(name: name)
            logger.debug("Read Google Cloud Secret Manager secret", metadata: ["secret": "\(name)"])
            cache.store(value, named: name)
            return value
        } catch {
            logger.debug("Google Cloud Secret Manager read failed", metadata: ["secret": "\(name)", "code": "\(error.code ?? "-")"])
            throw KeySourceError(error.code == "InvalidName" ? .invalidName : error.reason, error.message + ".")
        }
    }

    /// Drops cached values, e.g. after a key rotation.
    public func clearCache() {
        cache.removeAll()
    }
}
