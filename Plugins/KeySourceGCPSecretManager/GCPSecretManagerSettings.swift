import Foundation
import NIOSSL
import OBCPluginAPI
import OBCPluginHTTP

/// The plugin's configuration: its own keys under `OpenBankingConnector:GoogleCloudSecretManager:`
/// and the product's shared outbound settings (deadline and extra trust roots). Mistakes are
/// refused at start-up with the key's name.
public struct GCPSecretManagerSettings: Sendable {
    public static let prefix = "OpenBankingConnector:GoogleCloudSecretManager:"
    public static let cacheSecondsKey = prefix + "CacheSeconds"
    /// Replaces `https://secretmanager.googleapis.com` (tests, private or regional endpoints).
    public static let endpointKey = prefix + "Endpoint"
    /// Replaces the token URI of the credentials file (tests, private endpoints).
    public static let tokenUriKey = prefix + "TokenUri"
    public static let sharedTimeoutKey = "OpenBankingConnector:Http:TimeoutSeconds"
    public static let sharedTrustRootsKey = "OpenBankingConnector:Http:ExtraTrustRoots"
    public static let defaultCacheSeconds = 300
    public static let defaultTimeout = Duration.seconds(10)

    public var cacheDuration: Duration
    public var endpoint: URL
    public var tokenURI: String?
    public var timeout: Duration
    var extraTrustRoots: [NIOSSLCertificate]

    public init(configuration: ConfigurationValues) throws(OBCError) {
        if let text = configuration[Self.cacheSecondsKey] {
            guard let seconds = Int(text.trimmingCharacters(in: .whitespaces)), seconds >= 0 else {
                throw OBCError(.misconfigured, "\(Self.cacheSecondsKey) must be a whole number of seconds, 0 or more; it is \(text).")
            }
            cacheDuration = .seconds(seconds)
        } else {
            cacheDuration = .seconds(Self.defaultCacheSeconds)
        }
        endpoint = try Self.url(configuration[Self.endpointKey] ?? SecretManagerClient.defaultEndpoint, key: Self.endpointKey)
        if let text = configuration[Self.tokenUriKey] {
            tokenURI = try Self.url(text, key: Self.tokenUriKey).absoluteString
        } else {
            tokenURI = nil
        }
        if let text = configuration[Self.sharedTimeoutKey] {
            guard let seconds = Double(text), seconds > 0 else {
                throw OBCError(.misconfigured, "\(Self.sharedTimeoutKey) '\(text)' is not a positive number of seconds.")
            }
            timeout = .milliseconds(Int(seconds * 1000))
        } else {
            timeout = Self.defaultTimeout
        }
        if let path = configuration[Self.sharedTrustRootsKey] {
            do {
                extraTrustRoots = try NIOSSLCertificate.fromPEMFile(path)
            } catch {
                throw OBCError(.misconfigured, "\(Self.sharedTrustRootsKey): cannot read CA certificates from \(path): \(error)")
            }
        } else {
            extraTrustRoots = []
        }
    }

    /// An https URL, or plain http to loopback only: bearer tokens must not cross a network in clear.
    static func url(_ text: String, key: String) throws(OBCError) -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased(), !host.isEmpty else {
            throw OBCError(.misconfigured, "\(key) '\(text)' is not an https URL.")
        }
        let loopback = host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]"
        guard scheme == "https" || (scheme == "http" && loopback) else {
            throw OBCError(.misconfigured, "\(key) '\(text)' must use https (plain http only to a loopback address).")
        }
        return url
    }

    /// The client, with its credential chain read from `environment`.
    public func makeClient(
        environment: [String: String], refreshMargin: TimeInterval = 300, metadataTimeout: Duration = .seconds(2),
        now: @escaping @Sendable () -> Date = { Date() }
    ) -> SecretManagerClient {
        let http = PluginHTTP(extraTrustRoots: extraTrustRoots)
        let credentials = GCPCredentialChain(
            environment: environment, http: http, tokenURIOverride: tokenURI, timeout: timeout, metadataTimeout: metadataTimeout,
            refreshMargin: refreshMargin, now: now)
        return SecretManagerClient(endpoint: endpoint, credentials: credentials, http: http, timeout: timeout)
    }
}
