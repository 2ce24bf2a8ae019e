import Foundation
import OBCPluginAPI
import OBCPluginHTTP

/// The one Secret Manager call the connector needs, `AccessSecretVersion`, spoken directly
/// over REST (`GET {endpoint}/v1/{name}:access` with a bearer token), so no Google SDK is
/// needed. Every attempt has a deadline; `UNAVAILABLE`, `RESOURCE_EXHAUSTED`, server errors
/// and unreachable endpoints are retried with jittered exponential backoff; a token the API
/// calls `UNAUTHENTICATED` is replaced once; a payload whose CRC32C does not match is refused.
public struct SecretManagerClient: Sendable {
    /// Scheme, host and optional port: `https://secretmanager.googleapis.com` unless overridden.
    public let endpoint: URL
    let credentials: GCPCredentialChain
    let http: PluginHTTP
    public let timeout: Duration
    /// Attempts in all and the jittered exponential delays between them.
    public let retry: RetryBackoff

    init(
        endpoint: URL, credentials: GCPCredentialChain, http: PluginHTTP, timeout: Duration, maxAttempts: Int = 3,
        retryBaseDelay: Duration = .milliseconds(100), maxRetryDelay: Duration = .seconds(5)
    ) {
        self.endpoint = endpoint
        self.credentials = credentials
        self.http = http
        self.timeout = timeout
        self.retry = RetryBackoff(maxAttempts: maxAttempts, baseDelay: retryBaseDelay, maxDelay: maxRetryDelay)
    }

    public static let defaultEndpoint = "https://secretmanager.googleapis.com"

    func url(for name: SecretVersionName) -> String {
        var base = endpoint.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return "\(base)/v1/\(name):access"
    }

    /// Reads the secret version `name`. Errors are full sentences naming the version.
    public func access(name text: String) async throws(GCPError) -> SecretValue {
        let name = try SecretVersionName(parsing: text)
        let prefix = "cannot read Google Cloud Secret Manager secret \(name): "
        var replacedToken = false
        var attempt = 1
        while true {
            let token: GCPAccessToken
            do {
                token = try await credentials.token()
            } catch {
                throw error.prefixed(prefix)
            }
            let response: PluginHTTP.Response
            do {
                response = try await http.send(
                    method: .GET, url: url(for: name), headers: [("Authorization", "Bearer \(token.value)"), ("Accept", "application/json")],
                    timeout: timeout, what: "Google Cloud Secret Manager at \(endpoint.absoluteString)")
            } catch {
                if error.reason == .unavailable, await retry.wait(after: attempt) {
                    attempt += 1
                    continue
                }
                throw error.prefixed(prefix)
            }
            if response.status == 200 { return try Self.decodePayload(response.body, name: name) }
            let failure = GoogleAPIError(response)
            if failure.isRetryable, await retry.wait(after: attempt) {
                attempt += 1
                continue
            }
            if failure.status == "UNAUTHENTICATED", !replacedToken {
                replacedToken = true
                await credentials.invalidate()
                continue
            }
            throw failure.error(name: name, token: token)
        }
    }

    private struct AccessResponse: Decodable {
        struct Payload: Decodable {
            var data: String?
            var dataCrc32c: String?
        }
        var name: String?
        var payload: Payload?
    }

    /// The payload as UTF-8 text (as OBC reads it), after checking `dataCrc32c` when present.
    static func decodePayload(_ body: [UInt8], name: SecretVersionName) throws(GCPError) -> SecretValue {
        guard let decoded = try? JSONDecoder().decode(AccessResponse.self, from: Data(body)), let encoded = decoded.payload?.data,
            let data = Data(base64Encoded: encoded)
        else {
            throw GCPError(.unavailable, code: "InvalidResponse", "Google Cloud Secret Manager answered for \(name) without a base64 payload")
        }
        if let expected = decoded.payload?.dataCrc32c {
            guard let number = UInt64(expected), number == UInt64(CRC32C.checksum(data)) else {
                throw GCPError(
                    .unavailable, code: "DataCorrupted",
                    "the payload of Google Cloud Secret Manager secret \(name) failed its CRC32C check (damaged in transit); try again")
            }
        }
        guard let text = String(bytes: data, encoding: .utf8) else {
            throw GCPError(.notFound, code: "NotText", "Google Cloud Secret Manager secret \(name) is not UTF-8 text, so it cannot be a key")
        }
        return SecretValue(text)
    }
}
