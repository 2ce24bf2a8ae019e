import Foundation
import OBCPluginHTTP

/// The user's application-default credentials: an OAuth client and a refresh token,
/// exchanged at the token endpoint (`grant_type=refresh_token`). Secrets are never printed.
struct AuthorizedUserCredentials: Sendable, CustomStringConvertible {
    let clientId: String
    let clientSecret: String
    let refreshToken: String
    let tokenURI: String
    let path: String

    var description: String { "authorized-user credentials (file \(path))" }

    func fetchToken(http: PluginHTTP, tokenURIOverride: String?, timeout: Duration, now: Date) async throws(GCPError) -> GCPAccessToken {
        let uri = tokenURIOverride ?? tokenURI
        let body = PluginHTTP.formBody([
            ("grant_type", "refresh_token"), ("client_id", clientId), ("client_secret", clientSecret), ("refresh_token", refreshToken),
        ])
        let response = try await http.send(
            method: .POST, url: uri, headers: [("Content-Type", "application/x-www-form-urlencoded")], body: body, timeout: timeout,
            what: "the Google token endpoint \(uri)")
        return try GCPAccessToken.fromTokenResponse(response, what: "the \(self)", now: now)
    }
}
