import AsyncHTTPClient
import Foundation
import NIOHTTP1
import OBCPluginAPI
import OBCPluginHTTP

/// A parameter read from SSM. The value is a `SecretValue`, so it prints redacted.
public struct SSMParameter: Sendable, CustomStringConvertible {
    public let name: String
    public let type: String?
    public let version: Int?
    public let value: SecretValue

    public var description: String { "SSM parameter \(name) (\(type ?? "unknown type"), version \(version.map(String.init) ?? "?"))" }
}

/// The one SSM call the connector needs, `GetParameter` with decryption, spoken directly in
/// the AWS JSON 1.1 protocol (`POST /`, `X-Amz-Target: AmazonSSM.GetParameter`) and signed
/// with our own SigV4, so no AWS SDK is needed. Every call has a deadline; throttling and
/// server errors are retried with jittered exponential backoff; expired temporary
/// credentials are refreshed once.
public struct SSMClient: Sendable {
    public let region: String
    /// Scheme, host and optional port: `https://ssm.<region>.amazonaws.com` unless overridden.
    public let endpoint: URL
    let credentials: AWSCredentialChain
    let http: PluginHTTP
    /// Deadline for each attempt.
    public let timeout: Duration
    /// Attempts in all and the jittered exponential delays between them.
    public let retry: RetryBackoff
    let now: @Sendable () -> Date
    /// One signer per client, so its cached signing key is reused across calls.
    let signer: SigV4Signer

    public init(
        region: String,
        endpoint: URL,
        credentials: AWSCredentialChain,
        httpClient: HTTPClient? = nil,
        timeout: Duration = .seconds(10),
        maxAttempts: Int = 3,
        retryBaseDelay: Duration = .milliseconds(100),
        maxRetryDelay: Duration = .seconds(5),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.region = region
        self.endpoint = endpoint
        self.credentials = credentials
        self.http = PluginHTTP(client: httpClient)
        self.timeout = timeout
        self.retry = RetryBackoff(maxAttempts: maxAttempts, baseDelay: retryBaseDelay, maxDelay: maxRetryDelay)
        self.now = now
        self.signer = SigV4Signer(service: "ssm", region: region)
    }

    // MARK: Request

    /// `Host` as sent: the port only when it is not the scheme's default. It is signed, so
    /// it is set explicitly rather than left to the HTTP client.
    var hostHeader: String {
        let host = endpoint.host ?? ""
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        guard let port = endpoint.port else { return bracketed }
        let scheme = endpoint.scheme?.lowercased()
        if (scheme == "https" && port == 443) || (scheme == "http" && port == 80) { return bracketed }
        return "\(bracketed):\(port)"
    }

    /// The path of the endpoint URL (usually `/`); a VPC or proxy endpoint may add a prefix.
    var path: String {
        let path = endpoint.path
        return path.isEmpty ? "/" : path
    }

    var url: String {
        var components = URLComponents(url: endpoint, resolvingAgainstBaseURL: false)
        components?.path = path
        components?.query = nil
        return components?.string ?? endpoint.absoluteString
    }

    /// The unsigned headers of a `GetParameter` call. Only these, plus what the signer adds,
    /// are signed; `User-Agent`, `Content-Length` and the like are left to the HTTP client.
    func baseHeaders() -> [(name: String, value: String)] {
        [
            ("Host", hostHeader),
            ("Content-Type", "application/x-amz-json-1.1"),
            ("X-Amz-Target", "AmazonSSM.GetParameter"),
        ]
    }

    static func requestBody(name: String) -> [UInt8] {
        struct Body: Encodable {
            var Name: String
            var WithDecryption: Bool
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(Body(Name: name, WithDecryption: true))) ?? Data())
    }

    /// Signs one `GetParameter` request; exposed so the benchmark and tests can sign without sending.
    public func signedHeaders(name: String, body: [UInt8], credentials: AWSCredentials, date: Date) -> [(name: String, value: String)] {
        let headers = baseHeaders()
        let signed = signer.sign(
            method: "POST",
            path: path,
            query: nil,
            headers: headers,
            body: body,
            credentials: credentials,
            date: date
        )
        return headers + signed.headersToAdd
    }

    // MARK: GetParameter

    /// Reads `name` with `WithDecryption: true`. Errors are full sentences naming the parameter.
    public func getParameter(name: String) async throws(AWSError) -> SSMParameter {
        let body = Self.requestBody(name: name)
        var refreshedExpiredCredentials = false
        var attempt = 1
        while true {
            let credentials: AWSCredentials
            do {
                credentials = try await self.credentials.credentials()
            } catch {
                var wrapped = AWSError(error.reason, code: error.code, "cannot read AWS SSM parameter \(name): \(error.message)")
                wrapped.logDetail = error.logDetail
                throw wrapped
            }
            let headers = signedHeaders(name: name, body: body, credentials: credentials, date: now())
            let response: PluginHTTP.Response
            do {
                response = try await http.send(
                    method: .POST,
                    url: url,
                    headers: headers,
                    body: body,
                    timeout: timeout,
                    what: "AWS SSM at \(endpoint.absoluteString)"
                )
            } catch {
                // A timeout is not retried: the caller is usually waiting on an API request.
                if error.reason == .unavailable, await retry.wait(after: attempt) {
                    attempt += 1
                    continue
                }
                var wrapped = AWSError(error.reason, code: error.code, "cannot read AWS SSM parameter \(name): \(error.message)")
                wrapped.logDetail = error.logDetail
                throw wrapped
            }
            if response.status == 200 {
                return try Self.decodeParameter(response.body, name: name)
            }
            let failure = Self.parseError(response)
            if Self.isRetryable(status: response.status, code: failure.code), await retry.wait(after: attempt) {
                attempt += 1
                continue
            }
            if Self.expiredCodes.contains(failure.code ?? ""), credentials.expiration != nil || credentials.sessionToken != nil,
                !refreshedExpiredCredentials
            {
                refreshedExpiredCredentials = true
                await self.credentials.invalidate()
                continue
            }
            throw error(for: failure, status: response.status, name: name, credentials: credentials)
        }
    }

    static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "RequestLimitExceeded", "BandwidthLimitExceeded",
        "ProvisionedThroughputExceededException", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException", "RequestThrottled", "TransactionInProgressException",
        "LimitExceededException", "RequestTimeout", "RequestTimeoutException",
        "InternalServerError", "InternalFailure", "ServiceUnavailable",
    ]
    static let expiredCodes: Set<String> = ["ExpiredToken", "ExpiredTokenException", "RequestExpired"]

    static func isRetryable(status: Int, code: String?) -> Bool {
        status >= 500 || status == 429 || throttlingCodes.contains(code ?? "")
    }
}
