import AsyncHTTPClient
import Foundation
import NIOHTTP1
import OBCPluginAPI
import OBCPluginHTTP

/// Finds AWS credentials the way the AWS SDKs do, so the connector runs unchanged on a
/// laptop, in ECS or on EC2, in this order:
/// 1. environment: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, optional `AWS_SESSION_TOKEN`;
/// 2. shared credentials and config files, profile `AWS_PROFILE` (default `default`);
/// 3. the ECS container endpoint (`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` or `_FULL_URI`);
/// 4. EC2 instance metadata (IMDSv2), unless `AWS_EC2_METADATA_DISABLED=true`.
///
/// Temporary credentials are cached and fetched again `refreshMargin` before they expire;
/// concurrent callers share one fetch. The environment is passed in so tests can inject it.
public actor AWSCredentialChain {
    let environment: [String: String]
    let http: PluginHTTP
    let now: @Sendable () -> Date
    /// How long before expiry temporary credentials are replaced.
    public let refreshMargin: TimeInterval
    /// Deadline for each call to the ECS endpoint (tried up to three times).
    let containerTimeout: Duration
    /// Deadline for each IMDS call; short, because off EC2 nothing answers at all.
    let metadataTimeout: Duration

    private let cache: RefreshedCredential<AWSCredentials>

    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        httpClient: HTTPClient? = nil,
        refreshMargin: TimeInterval = 300,
        containerTimeout: Duration = .seconds(2),
        metadataTimeout: Duration = .seconds(1),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.environment = environment
        self.http = PluginHTTP(client: httpClient)
        self.refreshMargin = refreshMargin
        self.containerTimeout = containerTimeout
        self.metadataTimeout = metadataTimeout
        self.now = now
        self.cache = RefreshedCredential(refreshMargin: refreshMargin, now: now)
    }

    /// Current credentials, resolving or refreshing them when needed. If a refresh fails
    /// while the old temporary credentials have not yet expired, the old ones are used.
    public func credentials() async throws(AWSError) -> AWSCredentials {
        try await cache.current { await self.resolve() }
    }

    /// Forgets cached credentials, e.g. after AWS said they expired.
    public func invalidate() async {
        await cache.invalidate()
    }

    // MARK: The chain

    private func resolve() async -> Result<AWSCredentials, AWSError> {
        var tried: [String] = []

        switch environmentCredentials() {
        case .found(let credentials): return .success(credentials)
        case .absent(let note): tried.append(note)
        case .invalid(let problem): return .failure(AWSError(.invalidCredentials, code: "InvalidCredentials", problem))
        }

        let files = AWSSharedConfigFiles(environment: environment)
        switch files.credentials() {
        case .found(let credentials): return .success(credentials)
        case .absent(let note): tried.append(note)
        case .invalid(let problem):
            return .failure(AWSError(.invalidCredentials, code: "InvalidCredentials", problem).logging(files.locations))
        }

        if let endpoint = containerEndpoint() {
            // Configured for ECS: a failure here is the answer, as in the SDKs.
            do {
                return .success(try await containerCredentials(endpoint))
            } catch {
                return .failure(error)
            }
        }
        tried.append("ECS container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI not set)")

        if value("AWS_EC2_METADATA_DISABLED")?.lowercased() == "true" {
            tried.append("EC2 instance metadata (disabled by AWS_EC2_METADATA_DISABLED)")
        } else {
            do {
                return .success(try await instanceMetadataCredentials())
            } catch {
                tried.append("EC2 instance metadata at \(metadataEndpoint) (\(error.message))")
            }
        }
        return .failure(
            AWSError(.invalidCredentials, code: "NoCredentials", "no AWS credentials were found; tried " + tried.joined(separator: "; "))
                .logging(files.locations)
        )
    }

    func value(_ name: String) -> String? {
        guard let value = environment[name], !value.isEmpty else { return nil }
        return value
    }

    private func environmentCredentials() -> AWSSharedConfigFiles.Lookup {
        switch (value("AWS_ACCESS_KEY_ID"), value("AWS_SECRET_ACCESS_KEY")) {
        case let (id?, secret?):
            return .found(
                AWSCredentials(accessKeyId: id, secretAccessKey: secret, sessionToken: value("AWS_SESSION_TOKEN"), origin: "environment variables"))
        case (.some, nil):
            return .invalid("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        case (nil, .some):
            return .invalid("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not")
        case (nil, nil):
            return .absent("environment variables (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY not set)")
        }
    }
}
