/// The registration claims built once, before any DCR version's spelling is applied.
public struct RegistrationClaims: Sendable, Hashable {
    public var issuer: String
    public var issuedAt: Int
    public var expiresAt: Int
    public var audience: String
    public var jwtId: String
    public var redirectUris: [String]
    public var tokenEndpointAuthMethod: TokenEndpointAuthMethod
    public var grantTypes: [String]
    public var responseTypes: [String]
    public var softwareId: String
    /// `openid` then the API scopes.
    public var scope: [String]
    public var softwareStatement: String
    public var applicationType: String
    public var idTokenSignedResponseAlg: String
    public var requestObjectSigningAlg: String
    public var tokenEndpointAuthSigningAlg: String?
    public var tlsClientAuthSubjectDn: String
    public var subjectType: String?

    public init(
        issuer: String, issuedAt: Int, expiresAt: Int, audience: String, jwtId: String, redirectUris: [String],
        tokenEndpointAuthMethod: TokenEndpointAuthMethod, grantTypes: [String], responseTypes: [String], softwareId: String,
        scope: [String], softwareStatement: String, applicationType: String = "web", idTokenSignedResponseAlg: String = "PS256",
        requestObjectSigningAlg: String = "PS256", tokenEndpointAuthSigningAlg: String?, tlsClientAuthSubjectDn: String,
        subjectType: String?
    ) {
        self.issuer = issuer
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.audience = audience
        self.jwtId = jwtId
        self.redirectUris = redirectUris
        self.tokenEndpointAuthMethod = tokenEndpointAuthMethod
        self.grantTypes = grantTypes
        self.responseTypes = responseTypes
        self.softwareId = softwareId
        self.scope = scope
        self.softwareStatement = softwareStatement
        self.applicationType = applicationType
        self.idTokenSignedResponseAlg = idTokenSignedResponseAlg
        self.requestObjectSigningAlg = requestObjectSigningAlg
        self.tokenEndpointAuthSigningAlg = tokenEndpointAuthSigningAlg
        self.tlsClientAuthSubjectDn = tlsClientAuthSubjectDn
        self.subjectType = subjectType
    }
}
