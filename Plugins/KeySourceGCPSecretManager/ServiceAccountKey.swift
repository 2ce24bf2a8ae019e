import Crypto
import Foundation
import OBCPluginHTTP
import _CryptoExtras

/// A service-account key file. Its key signs an RS256 JWT-bearer assertion (RFC 7523) that
/// the token endpoint exchanges for an access token, as Google documents for server-to-server
/// OAuth. The key never leaves this type and is never printed.
struct ServiceAccountKey: Sendable, CustomStringConvertible {
    let clientEmail: String
    let privateKeyId: String?
    let privateKey: _RSA.Signing.PrivateKey
    let tokenURI: String
    let path: String

    static let scope = "https://www.googleapis.com/auth/cloud-platform"
    /// Google accepts assertions valid for at most an hour.
    static let assertionLifetime: TimeInterval = 3600

    init(clientEmail: String, privateKeyId: String?, privateKeyPEM: String, tokenURI: String, path: String) throws(GCPError) {
        // Key files written by hand or through environment tooling sometimes carry literal `\n`.
        let pem = privateKeyPEM.replacingOccurrences(of: "\\n", with: "\n")
        guard let key = try? _RSA.Signing.PrivateKey(pemRepresentation: pem) else {
            throw GCPError(
                .invalidCredentials, code: "InvalidCredentials",
                "the private_key in service-account key file \(path) is not an RSA private key in PEM")
        }
        self.clientEmail = clientEmail
        self.privateKeyId = privateKeyId
        self.privateKey = key
        self.tokenURI = tokenURI
        self.path = path
    }

    var description: String { "service account \(clientEmail) (key file \(path))" }

    /// The signed assertion for `audience` (the token URI it is sent to), issued at `now`.
    func assertion(audience: String, now: Date) throws(GCPError) -> String {
        var header: [String: String] = ["alg": "RS256", "typ": "JWT"]
        if let privateKeyId { header["kid"] = privateKeyId }
        let issued = Int(now.timeIntervalSince1970)
        let claims: [String: Any] = [
            "iss": clientEmail, "scope": Self.scope, "aud": audience, "iat": issued, "exp": issued + Int(Self.assertionLifetime),
        ]
        do {
            let head = Self.base64URL(try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]))
            let body = Self.base64URL(try JSONSerialization.data(withJSONObject: claims, options: [.sortedKeys, .withoutEscapingSlashes]))
            let input = "\(head).\(body)"
            let signature = try privateKey.signature(for: Data(input.utf8), padding: .insecurePKCS1v1_5)
            return "\(input).\(Self.base64URL(signature.rawRepresentation))"
        } catch {
            throw GCPError(.invalidCredentials, code: "InvalidCredentials", "cannot sign a token request with \(self)")
        }
    }

    /// Exchanges a fresh assertion for an access token at `tokenURIOverride` or the file's `token_uri`.
    func fetchToken(http: PluginHTTP, tokenURIOverride: String?, timeout: Duration, now: Date) async throws(GCPError) -> GCPAccessToken {
        let uri = tokenURIOverride ?? tokenURI
        let body = PluginHTTP.formBody([
            ("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), ("assertion", try assertion(audience: uri, now: now)),
        ])
        let response = try await http.send(
            method: .POST, url: uri, headers: [("Content-Type", "application/x-www-form-urlencoded")], body: body, timeout: timeout,
            what: "the Google token endpoint \(uri)")
        return try GCPAccessToken.fromTokenResponse(response, what: "the credentials of \(self)", now: now)
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
