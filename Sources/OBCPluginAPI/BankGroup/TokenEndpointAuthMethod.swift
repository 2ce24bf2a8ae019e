/// How the client authenticates at the bank's token endpoint (OBC's `TokenEndpointAuthMethod`).
public enum TokenEndpointAuthMethod: String, Sendable, Hashable, Codable, CaseIterable {
    case tlsClientAuth = "tls_client_auth"
    case privateKeyJwt = "private_key_jwt"
    case clientSecretBasic = "client_secret_basic"
    case clientSecretPost = "client_secret_post"

    /// OBC's enum spelling in the API (`TlsClientAuth`, …).
    public var obcName: String {
        switch self {
        case .tlsClientAuth: "TlsClientAuth"
        case .privateKeyJwt: "PrivateKeyJwt"
        case .clientSecretBasic: "ClientSecretBasic"
        case .clientSecretPost: "ClientSecretPost"
        }
    }
}
