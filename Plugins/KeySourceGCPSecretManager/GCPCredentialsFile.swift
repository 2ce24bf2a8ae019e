import Foundation

/// A Google credentials JSON file: a service-account key (`"type": "service_account"`) or the
/// user's application-default credentials (`"type": "authorized_user"`, written by
/// `gcloud auth application-default login`). Other types are refused with a clear message.
enum GCPCredentialsFile: Sendable {
    case serviceAccount(ServiceAccountKey)
    case authorizedUser(AuthorizedUserCredentials)

    private struct Body: Decodable {
        var type: String?
        var client_email: String?
        var private_key: String?
        var private_key_id: String?
        var token_uri: String?
        var client_id: String?
        var client_secret: String?
        var refresh_token: String?
    }

    static let defaultTokenURI = "https://oauth2.googleapis.com/token"

    /// Reads and parses the file at `path`; `what` says why it was read (which variable or location).
    static func load(path: String, what: String) throws(GCPError) -> GCPCredentialsFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw GCPError(.invalidCredentials, code: "InvalidCredentials", "\(what) \(path) cannot be read")
        }
        guard let body = try? JSONDecoder().decode(Body.self, from: data) else {
            throw GCPError(.invalidCredentials, code: "InvalidCredentials", "\(what) \(path) is not a Google credentials JSON file")
        }
        func required(_ value: String?, _ field: String) throws(GCPError) -> String {
            guard let value, !value.isEmpty else {
                throw GCPError(.invalidCredentials, code: "InvalidCredentials", "\(what) \(path) has no \(field)")
            }
            return value
        }
        switch body.type ?? "" {
        case "service_account":
            let email = try required(body.client_email, "client_email")
            let pem = try required(body.private_key, "private_key")
            return .serviceAccount(
                try ServiceAccountKey(
                    clientEmail: email, privateKeyId: body.private_key_id, privateKeyPEM: pem,
                    tokenURI: body.token_uri ?? defaultTokenURI, path: path))
        case "authorized_user":
            return .authorizedUser(
                AuthorizedUserCredentials(
                    clientId: try required(body.client_id, "client_id"),
                    clientSecret: try required(body.client_secret, "client_secret"),
                    refreshToken: try required(body.refresh_token, "refresh_token"),
                    tokenURI: body.token_uri ?? defaultTokenURI,
                    path: path
                ))
        case let other:
            throw GCPError(
                .invalidCredentials,
                code: "InvalidCredentials",
                "\(what) \(path) has type \(other.isEmpty ? "(none)" : other); supported are service_account and authorized_user"
            )
        }
    }
}
