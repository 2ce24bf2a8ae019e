import Foundation
import OBCPluginAPI
import OBCPluginHTTP

/// An OAuth 2 access token for Google APIs. It never prints the token itself, so it can be
/// named in logs and error messages (by where it came from) without leaking anything.
public struct GCPAccessToken: ExpiringCredential, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let value: String
    public let expiresAt: Date
    /// Where the token came from, for messages: e.g. `service account obc@p.iam.gserviceaccount.com (key file /k.json)`.
    public let origin: String

    public init(value: String, expiresAt: Date, origin: String) {
        self.value = value
        self.expiresAt = expiresAt
        self.origin = origin
    }

    public var expiry: Date? { expiresAt }

    public var description: String { "a Google access token from \(origin)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["origin": origin, "expiresAt": expiresAt], displayStyle: .struct) }

    private struct TokenResponse: Decodable {
        var access_token: String?
        var expires_in: Double?
    }

    private struct OAuthError: Decodable {
        var error: String?
        var error_description: String?
    }

    /// Reads a token endpoint's answer: `{"access_token", "expires_in", "token_type"}` on 200,
    /// OAuth's `{"error", "error_description"}` otherwise. `what` names the credentials.
    static func fromTokenResponse(_ response: PluginHTTP.Response, what: String, now: Date) throws(GCPError) -> GCPAccessToken {
        let body = Data(response.body)
        guard response.status == 200 else {
            let failure = try? JSONDecoder().decode(OAuthError.self, from: body)
            let code = failure?.error ?? "HTTP \(response.status)"
            let detail = failure?.error_description.map { ": \(String($0.prefix(300)))" } ?? ""
            let reason: GCPError.Reason =
                response.status >= 500 || response.status == 429 ? .unavailable : .invalidCredentials
            throw GCPError(reason, code: code, "\(what) were refused by the token endpoint (\(code)\(detail))")
        }
        guard let decoded = try? JSONDecoder().decode(TokenResponse.self, from: body), let token = decoded.access_token, !token.isEmpty else {
            throw GCPError(.unavailable, code: "InvalidResponse", "the token endpoint answered for \(what) without an access_token")
        }
        let lifetime = decoded.expires_in ?? 3600
        return GCPAccessToken(value: token, expiresAt: now.addingTimeInterval(lifetime), origin: what)
    }
}
