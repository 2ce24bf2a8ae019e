import AsyncHTTPClient
import Foundation
import Logging
import OBCPluginAPI

/// The `AwsSsmParameterStore` secret source: a record's key `Name` is an SSM parameter name,
/// read with decryption so `SecureString` parameters work. Values are cached per name for
/// `cacheDuration` (config `OpenBankingConnector:AwsSsm:CacheSeconds`, default 300) because
/// every bank call may need keys and SSM throttles at a few dozen reads a second.
public actor AWSSSMKeySource: KeySource {
    public nonisolated let source = SecretSource.awsSsmParameterStore

    /// The configuration key for the cache lifetime in seconds (0 turns caching off).
    public static let cacheSecondsKey = "OpenBankingConnector:AwsSsm:CacheSeconds"
    public static let defaultCacheSeconds = 300

    /// The client, or why none could be set up (no region, bad endpoint). Kept as a result so
    /// start-up succeeds when SSM is not used, and the reason shows up on first use.
    private let client: Result<SSMClient, AWSError>
    private let logger: Logger
    private var cache: SecretCache

    public init(client: Result<SSMClient, AWSError>, cacheDuration: Duration, logger: Logger) {
        self.client = client
        self.cache = SecretCache(lifetime: cacheDuration)
        self.logger = logger
    }

    /// Builds the key source from configuration and the AWS environment variables.
    public init(
        configuration: ConfigurationValues,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        httpClient: HTTPClient? = nil,
        logger: Logger
    ) throws(OBCError) {
        let seconds: Int
        if let text = configuration[Self.cacheSecondsKey] {
            guard let parsed = Int(text.trimmingCharacters(in: .whitespaces)), parsed >= 0 else {
                throw OBCError(.misconfigured, "\(Self.cacheSecondsKey) must be a whole number of seconds, 0 or more; it is \(text).")
            }
            seconds = parsed
        } else {
            seconds = Self.defaultCacheSeconds
        }
        let client: Result<SSMClient, AWSError>
        do {
            client = .success(try SSMClient.fromEnvironment(environment, httpClient: httpClient))
        } catch {
            client = .failure(error)
        }
        self.init(client: client, cacheDuration: .seconds(seconds), logger: logger)
    }

    public func secret(named name: String) async throws(KeySourceError) -> SecretValue {
        if let cached = cache.value(named: name) { return cached }
        let client: SSMClient
        switch self.client {
        case .success(let ready): client = ready
        case .failure(let error):
            logFailure(error, parameter: name)
            throw KeySourceError(error.reason, "cannot read AWS SSM parameter \(name): \(error.message).")
        }
        do {
            let parameter = try await client.getParameter(name: name)
            logger.debug("Read AWS SSM parameter", metadata: ["parameter": "\(name)", "version": "\(parameter.version.map(String.init) ?? "?")"])
            cache.store(parameter.value, named: name)
            return parameter.value
        } catch {
            logFailure(error, parameter: name)
            throw KeySourceError(error.reason, error.message + ".")
        }
    }

    /// The whole cause, with what only the log may hold (such as where the AWS files are).
    private func logFailure(_ error: AWSError, parameter name: String) {
        var metadata: Logger.Metadata = ["parameter": "\(name)", "code": "\(error.code ?? "-")"]
        if let detail = error.logDetail { metadata["detail"] = "\(detail)" }
        logger.warning("AWS SSM parameter read failed: \(error.message)", metadata: metadata)
    }

    /// Drops cached values, e.g. after a key rotation.
    public func clearCache() {
        cache.removeAll()
    }
}
