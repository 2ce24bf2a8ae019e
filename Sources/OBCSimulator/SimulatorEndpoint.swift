/// The simulated endpoints a ``SimulatorFault`` can be attached to.
public enum SimulatorEndpoint: String, Sendable, Hashable, Codable, CaseIterable {
    /// `POST /directory/as/token.oauth2`
    case directoryToken
    /// `GET /directory/api/v2/tpp/{org}/ssa/{software}`
    case directorySSA
    /// `GET /directory/jwks` and `GET /directory/tpp/{org}/{software}/jwks`
    case directoryJWKS
    /// `GET {issuer}/.well-known/openid-configuration`
    case discovery
    /// `POST {issuer}/register`
    case register
    /// `GET {issuer}/register/{ClientId}`
    case registerGet
    /// `DELETE {issuer}/register/{ClientId}`
    case registerDelete
    /// `PUT {issuer}/register/{ClientId}`
    case registerPut
    /// `POST {issuer}/token`
    case token
}
