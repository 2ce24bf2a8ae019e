import AsyncHTTPClient
import Foundation
import NIOHTTP1
import OBCCore

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
    let http: AWSHTTP
    /// Deadline for each attempt.
    public let timeout: Duration
    /// Attempts in all, the first included.
    public let maxAttempts: Int
    /// First retry delay; doubles each time, with full jitter, up to `maxRetryDelay`.
    public let retryBaseDelay: Duration
    public let maxRetryDelay: Duration
    let now: @Sendable () -> Date
    /// One signer per client, so its cached signing key is reused across calls.
    let signer: SigV4Signer

    public init(
        region: String,
        endpoint: URL,
        credentials: AWSCredentialChain,
        httpClient: HTTPClient = .shared,
        timeout: Duration = .seconds(10),
        maxAttempts: Int = 3,
        retryBaseDelay: Duration = .milliseconds(100),
        maxRetryDelay: Duration = .seconds(5),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.region = region
        self.endpoint = endpoint
        self.credentials = credentials
        self.http = AWSHTTP(client: httpClient)
        self.timeout = timeout
        self.maxAttempts = max(1, maxAttempts)
        self.retryBaseDelay = retryBaseDelay
        self.maxRetryDelay = maxRetryDelay
        self.now = now
        self.signer = SigV4Signer(service: "ssm", region: region)
    }

    // MARK: Settings from the environment

    /// Region from `AWS_REGION`, `AWS_DEFAULT_REGION`, or the profile's `region` in the config file.
    public static func region(environment: [String: String]) throws(AWSError) -> String {
        for name in ["AWS_REGION", "AWS_DEFAULT_REGION"] {
            if let region = environment[name], !region.isEmpty { return region }
        }
        let files = AWSSharedConfigFiles(environment: environment)
        if let region = files.region, !region.isEmpty { return region }
        throw AWSError(
            .unavailable,
            code: "NoRegion",
            "no AWS region is configured (set AWS_REGION or AWS_DEFAULT_REGION, or region in profile \(files.profile) of \(AWSSharedConfigFiles.configFile))"
        ).logging(files.locations)
    }

    /// `AWS_ENDPOINT_URL_SSM`, then `AWS_ENDPOINT_URL` (for moto, LocalStack or VPC
    /// endpoints), else the public regional endpoint.
    public static func endpoint(region: String, environment: [String: String]) throws(AWSError) -> URL {
        for name in ["AWS_ENDPOINT_URL_SSM", "AWS_ENDPOINT_URL"] {
            guard let text = environment[name], !text.isEmpty else { continue }
            guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else {
                throw AWSError(.unavailable, code: "InvalidEndpoint", "\(name) is not an http(s) URL")
            }
            return url
        }
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        guard let url = URL(string: "https://ssm.\(region).\(suffix)") else {
            throw AWSError(.unavailable, code: "InvalidEndpoint", "AWS region \(region) does not make a valid endpoint host name")
        }
        return url
    }

    /// A client configured from the environment the way the AWS SDKs configure theirs.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        httpClient: HTTPClient = .shared,
        timeout: Duration = .seconds(10)
    ) throws(AWSError) -> SSMClient {
        let region = try region(environment: environment)
        return SSMClient(
            region: region,
            endpoint: try endpoint(region: region, environment: environment),
            credentials: AWSCredentialChain(environment: environment, httpClient: httpClient),
            httpClient: httpClient,
            timeout: timeout
        )
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
            let response: AWSHTTP.Response
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
                if error.reason == .unavailable && attempt < maxAttempts {
                    try? await Task.sleep(for: backoff(attempt: attempt))
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
            if Self.isRetryable(status: response.status, code: failure.code), attempt < maxAttempts {
                try? await Task.sleep(for: backoff(attempt: attempt))
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

    func backoff(attempt: Int) -> Duration {
        let ceiling = min(retryBaseDelay * (1 << min(attempt - 1, 20)), maxRetryDelay)
        return ceiling * Double.random(in: 0.5...1.0)
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

    // MARK: Responses

    private struct GetParameterResponse: Decodable {
        struct Parameter: Decodable {
            var Name: String?
            var `Type`: String?
            var Value: String?
            var Version: Int?
        }
        var Parameter: Parameter
    }

    static func decodeParameter(_ body: [UInt8], name: String) throws(AWSError) -> SSMParameter {
        guard let decoded = try? JSONDecoder().decode(GetParameterResponse.self, from: Data(body)), let value = decoded.Parameter.Value else {
            throw AWSError(.unavailable, code: "InvalidResponse", "AWS SSM answered GetParameter for \(name) without a parameter value")
        }
        return SSMParameter(
            name: decoded.Parameter.Name ?? name, type: decoded.Parameter.Type, version: decoded.Parameter.Version, value: SecretValue(value))
    }

    struct ServiceFailure: Equatable {
        var code: String?
        var message: String?
    }

    /// The error code and message from a failed call, in any of the shapes seen: the JSON
    /// protocol's `__type` (maybe `namespace#Code` or `Code:uri`), the `x-amzn-ErrorType`
    /// header, or an XML `<Code>` (AWS query errors, and what moto sends for auth failures).
    static func parseError(_ response: AWSHTTP.Response) -> ServiceFailure {
        func tidy(_ code: String) -> String {
            var code = Substring(code)
            if let hash = code.lastIndex(of: "#") { code = code[code.index(after: hash)...] }
            if let colon = code.firstIndex(of: ":") { code = code[..<colon] }
            return code.trimmingCharacters(in: .whitespaces)
        }
        if let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] {
            let code = (object["__type"] as? String) ?? (object["code"] as? String) ?? (object["Code"] as? String)
            let message = (object["message"] as? String) ?? (object["Message"] as? String)
            if let code { return ServiceFailure(code: tidy(code), message: message) }
            if let header = response.headers.first(name: "x-amzn-errortype") { return ServiceFailure(code: tidy(header), message: message) }
        }
        let text = String(decoding: response.body, as: UTF8.self)
        if let code = xmlElement("Code", in: text) {
            return ServiceFailure(code: tidy(code), message: xmlElement("Message", in: text))
        }
        if let header = response.headers.first(name: "x-amzn-errortype") { return ServiceFailure(code: tidy(header), message: nil) }
        return ServiceFailure(code: nil, message: nil)
    }

    static func xmlElement(_ name: String, in text: String) -> String? {
        guard let start = text.range(of: "<\(name)>"), let end = text.range(of: "</\(name)>", range: start.upperBound..<text.endIndex) else {
            return nil
        }
        return String(text[start.upperBound..<end.lowerBound]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Turns an AWS error into a sentence an operator can act on. AWS's own message is only
    /// quoted where it cannot carry credentials: `SignatureDoesNotMatch` messages from AWS
    /// include the canonical request, which holds the session token.
    func error(for failure: ServiceFailure, status: Int, name: String, credentials: AWSCredentials) -> AWSError {
        let code = failure.code ?? "HTTP \(status)"
        let quoted =
            failure.message.map { message -> String in
                let short = message.count > 300 ? String(message.prefix(300)) + "…" : message
                return ": \(short)"
            } ?? ""
        let whose = "the \(credentials)"
        switch code {
        case "ParameterNotFound", "ParameterVersionNotFound":
            return AWSError(.notFound, code: code, "AWS SSM parameter \(name) was not found in region \(region) (\(code))")
        case "AccessDenied", "AccessDeniedException", "UnauthorizedOperation":
            return AWSError(.accessDenied, code: code, "\(whose) may not read AWS SSM parameter \(name) (\(code)\(quoted))")
        case "SignatureDoesNotMatch":
            return AWSError(
                .invalidCredentials,
                code: code,
                "AWS rejected the signature on the request for SSM parameter \(name) (SignatureDoesNotMatch): the secret access key in \(whose) is probably wrong"
            )
        case "InvalidClientTokenId", "UnrecognizedClientException", "InvalidAccessKeyId":
            return AWSError(
                .invalidCredentials,
                code: code,
                "AWS does not recognise the access key in \(whose) (\(code)) while reading SSM parameter \(name)"
            )
        case _ where Self.expiredCodes.contains(code):
            return AWSError(
                .invalidCredentials,
                code: code,
                "\(whose) have expired (\(code)) while reading AWS SSM parameter \(name); refresh them or check the clock"
            )
        case "InvalidKeyId", "KMSAccessDeniedException", "KMSDisabledException", "KMSInvalidStateException", "KMSNotFoundException":
            return AWSError(.accessDenied, code: code, "AWS SSM parameter \(name) cannot be decrypted with its KMS key (\(code)\(quoted))")
        default:
            return AWSError(.unavailable, code: code, "AWS SSM refused GetParameter for \(name) with HTTP \(status) (\(code)\(quoted))")
        }
    }
}
