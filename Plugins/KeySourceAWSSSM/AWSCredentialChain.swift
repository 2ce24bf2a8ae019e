import AsyncHTTPClient
import Foundation
import NIOHTTP1

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
    let http: AWSHTTP
    let now: @Sendable () -> Date
    /// How long before expiry temporary credentials are replaced.
    public let refreshMargin: TimeInterval
    /// Deadline for each call to the ECS endpoint (tried up to three times).
    let containerTimeout: Duration
    /// Deadline for each IMDS call; short, because off EC2 nothing answers at all.
    let metadataTimeout: Duration

    private var cached: AWSCredentials?
    private var refreshing: Task<Result<AWSCredentials, AWSError>, Never>?

    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        httpClient: HTTPClient = .shared,
        refreshMargin: TimeInterval = 300,
        containerTimeout: Duration = .seconds(2),
        metadataTimeout: Duration = .seconds(1),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.environment = environment
        self.http = AWSHTTP(client: httpClient)
        self.refreshMargin = refreshMargin
        self.containerTimeout = containerTimeout
        self.metadataTimeout = metadataTimeout
        self.now = now
    }

    /// Current credentials, resolving or refreshing them when needed. If a refresh fails
    /// while the old temporary credentials have not yet expired, the old ones are used.
    public func credentials() async throws(AWSError) -> AWSCredentials {
        if let cached, !cached.needsRefresh(at: now(), margin: refreshMargin) { return cached }
        let task: Task<Result<AWSCredentials, AWSError>, Never>
        if let refreshing {
            task = refreshing
        } else {
            task = Task { await self.resolve() }
            refreshing = task
        }
        let result = await task.value
        if refreshing == task { refreshing = nil }
        switch result {
        case .success(let credentials):
            cached = credentials
            return credentials
        case .failure(let error):
            if let cached, let expiration = cached.expiration, expiration > now() { return cached }
            throw error
        }
    }

    /// Forgets cached credentials, e.g. after AWS said they expired.
    public func invalidate() {
        cached = nil
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

    private func value(_ name: String) -> String? {
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

    // MARK: ECS

    struct ContainerEndpoint {
        var url: String
        var authorization: Result<String?, AWSError>
    }

    private func containerEndpoint() -> ContainerEndpoint? {
        let url: String
        if let relative = value("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
            url = "http://169.254.170.2" + (relative.hasPrefix("/") ? relative : "/" + relative)
        } else if let full = value("AWS_CONTAINER_CREDENTIALS_FULL_URI") {
            url = full
        } else {
            return nil
        }
        // The token file (EKS Pod Identity) wins over the literal token, as in the SDKs.
        let authorization: Result<String?, AWSError>
        if let path = value("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
            if let token = try? String(contentsOfFile: path, encoding: .utf8) {
                authorization = .success(token.trimmingCharacters(in: .whitespacesAndNewlines))
            } else {
                authorization = .failure(
                    AWSError(.invalidCredentials, code: "InvalidCredentials", "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE \(path)")
                )
            }
        } else {
            authorization = .success(value("AWS_CONTAINER_AUTHORIZATION_TOKEN"))
        }
        return ContainerEndpoint(url: url, authorization: authorization)
    }

    /// Plain HTTP is only allowed to addresses that cannot leave the host or task (loopback
    /// and the ECS/EKS link-local agents): credentials must not cross a network in clear.
    static func isAllowedContainerURL(_ url: URL) -> Bool {
        guard let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased() else { return false }
        if scheme == "https" { return true }
        guard scheme == "http" else { return false }
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return bare == "localhost" || bare.hasPrefix("127.") || bare == "::1"
            || bare == "169.254.170.2" || bare == "169.254.170.23" || bare == "fd00:ec2::23"
    }

    private func containerCredentials(_ endpoint: ContainerEndpoint) async throws(AWSError) -> AWSCredentials {
        let what = "the ECS container credentials endpoint \(endpoint.url)"
        guard let url = URL(string: endpoint.url), Self.isAllowedContainerURL(url) else {
            throw AWSError(
                .invalidCredentials,
                code: "InvalidCredentials",
                "\(what) is not allowed: plain http only to loopback or the ECS/EKS agent addresses, otherwise https"
            )
        }
        var headers: [(name: String, value: String)] = [("Accept", "application/json")]
        if let token = try endpoint.authorization.get() { headers.append(("Authorization", token)) }
        var lastError = AWSError(.unavailable, "\(what) was not tried")
        for attempt in 1...3 {
            do {
                let response = try await http.send(method: .GET, url: endpoint.url, headers: headers, timeout: containerTimeout, what: what)
                guard response.status == 200 else {
                    lastError = AWSError(
                        response.status == 401 || response.status == 403 ? .invalidCredentials : .unavailable,
                        code: "InvalidCredentials",
                        "\(what) answered HTTP \(response.status)"
                    )
                    if response.status < 500 { break }
                    continue
                }
                return try Self.decodeTemporaryCredentials(response.body, origin: what)
            } catch {
                lastError = error
                if error.reason == .invalidCredentials { break }
                if attempt < 3 { try? await Task.sleep(for: .milliseconds(100 * attempt)) }
            }
        }
        throw lastError
    }

    // MARK: EC2 instance metadata (IMDSv2)

    var metadataEndpoint: String {
        if let endpoint = value("AWS_EC2_METADATA_SERVICE_ENDPOINT") {
            return endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
        }
        if value("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE")?.lowercased() == "ipv6" { return "http://[fd00:ec2::254]" }
        return "http://169.254.169.254"
    }

    /// IMDSv2: a session token from `PUT /latest/api/token`, then the role name, then its keys.
    private func instanceMetadataCredentials() async throws(AWSError) -> AWSCredentials {
        let base = metadataEndpoint
        let what = "EC2 instance metadata at \(base)"
        let tokenResponse = try await http.send(
            method: .PUT,
            url: "\(base)/latest/api/token",
            headers: [("X-aws-ec2-metadata-token-ttl-seconds", "21600")],
            timeout: metadataTimeout,
            what: what
        )
        guard tokenResponse.status == 200 else {
            throw AWSError(.unavailable, "\(what) refused a session token (HTTP \(tokenResponse.status))")
        }
        let token = String(decoding: tokenResponse.body, as: UTF8.self)
        let session: [(name: String, value: String)] = [("X-aws-ec2-metadata-token", token)]
        let roles = try await http.send(
            method: .GET,
            url: "\(base)/latest/meta-data/iam/security-credentials/",
            headers: session,
            timeout: metadataTimeout,
            what: what
        )
        guard roles.status == 200,
            let role = String(decoding: roles.body, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init),
            !role.isEmpty
        else {
            throw AWSError(.unavailable, "\(what) has no IAM role attached to this instance (HTTP \(roles.status))")
        }
        let encodedRole = role.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? role
        let keys = try await http.send(
            method: .GET,
            url: "\(base)/latest/meta-data/iam/security-credentials/\(encodedRole)",
            headers: session,
            timeout: metadataTimeout,
            what: what
        )
        guard keys.status == 200 else {
            throw AWSError(.unavailable, "\(what) gave no credentials for role \(role) (HTTP \(keys.status))")
        }
        return try Self.decodeTemporaryCredentials(keys.body, origin: "\(what) (role \(role))")
    }

    // MARK: Decoding

    private struct TemporaryCredentialsBody: Decodable {
        var Code: String?
        var Message: String?
        var AccessKeyId: String?
        var SecretAccessKey: String?
        var Token: String?
        var Expiration: String?
    }

    /// The JSON both ECS and IMDS return: `AccessKeyId`, `SecretAccessKey`, `Token`, `Expiration`.
    static func decodeTemporaryCredentials(_ body: [UInt8], origin: String) throws(AWSError) -> AWSCredentials {
        guard let decoded = try? JSONDecoder().decode(TemporaryCredentialsBody.self, from: Data(body)) else {
            throw AWSError(.unavailable, code: "InvalidResponse", "\(origin) did not return credentials JSON")
        }
        if let code = decoded.Code, code != "Success" {
            throw AWSError(.invalidCredentials, code: code, "\(origin) answered \(code)")
        }
        guard let id = decoded.AccessKeyId, !id.isEmpty, let secret = decoded.SecretAccessKey, !secret.isEmpty else {
            throw AWSError(.unavailable, code: "InvalidResponse", "\(origin) returned JSON without AccessKeyId and SecretAccessKey")
        }
        let expiration = decoded.Expiration.flatMap(parseTimestamp)
        if decoded.Expiration != nil && expiration == nil {
            throw AWSError(.unavailable, code: "InvalidResponse", "\(origin) returned an Expiration that is not an ISO 8601 time")
        }
        return AWSCredentials(accessKeyId: id, secretAccessKey: secret, sessionToken: decoded.Token, expiration: expiration, origin: origin)
    }

    static func parseTimestamp(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle()) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
