/// How a bank departs from the DCR and OAuth2 specifications, so the flow stays bank-agnostic.
/// Every field defaults to the specification's behaviour.
public struct RegistrationQuirks: Sendable, Hashable, Codable {
    /// DCR `aud`: `"IssuerUrl"` means the issuer URL; any other value is used as is; nil means the financial id.
    public var audClaim: String?
    public var subjectTypeClaim: String?
    public var grantTypesClaim: [String]?
    /// Send `scope` as a JSON array rather than a space-separated string.
    public var scopeClaimAsArray: Bool
    /// The bank answers `scope` as a JSON array.
    public var scopeResponseAsArray: Bool
    /// The bank answers `client_id_issued_at` in milliseconds.
    public var clientIdIssuedAtInMilliseconds: Bool
    /// The bank answers `iat` and `exp` in milliseconds.
    public var issuedAtAndExpiryInMilliseconds: Bool
    /// Content-Type `application/jose` instead of `application/jwt`.
    public var contentTypeApplicationJose: Bool
    public var subjectDnOrgIdEncoding: SubjectDnOrgIdEncoding
    /// Scope of the client-credentials token for GET/DELETE `/register`; `RegistrationScope`
    /// chooses it from the registration's scope.
    public var clientCredentialsTokenScope: String?
    /// The `clientCredentialsTokenScope` value that chooses the scope from the registration's.
    public static let scopeFromRegistration = "RegistrationScope"
    /// Replaces `response_modes_supported` from discovery.
    public var responseModesSupportedOverride: [String]?
    /// Replaces `token_endpoint_auth_methods_supported` from discovery.
    public var tokenEndpointAuthMethodsSupportedOverride: [String]?

    public init(
        audClaim: String? = nil, subjectTypeClaim: String? = nil, grantTypesClaim: [String]? = nil, scopeClaimAsArray: Bool = false,
        scopeResponseAsArray: Bool = false, clientIdIssuedAtInMilliseconds: Bool = false,
        issuedAtAndExpiryInMilliseconds: Bool = false, contentTypeApplicationJose: Bool = false,
        subjectDnOrgIdEncoding: SubjectDnOrgIdEncoding = .stringAttributeType, clientCredentialsTokenScope: String? = nil,
        responseModesSupportedOverride: [String]? = nil, tokenEndpointAuthMethodsSupportedOverride: [String]? = nil
    ) {
        self.audClaim = audClaim
        self.subjectTypeClaim = subjectTypeClaim
        self.grantTypesClaim = grantTypesClaim
        self.scopeClaimAsArray = scopeClaimAsArray
        self.scopeResponseAsArray = scopeResponseAsArray
        self.clientIdIssuedAtInMilliseconds = clientIdIssuedAtInMilliseconds
        self.issuedAtAndExpiryInMilliseconds = issuedAtAndExpiryInMilliseconds
        self.contentTypeApplicationJose = contentTypeApplicationJose
        self.subjectDnOrgIdEncoding = subjectDnOrgIdEncoding
        self.clientCredentialsTokenScope = clientCredentialsTokenScope
        self.responseModesSupportedOverride = responseModesSupportedOverride
        self.tokenEndpointAuthMethodsSupportedOverride = tokenEndpointAuthMethodsSupportedOverride
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case audClaim, subjectTypeClaim, grantTypesClaim, scopeClaimAsArray, scopeResponseAsArray, clientIdIssuedAtInMilliseconds
        case issuedAtAndExpiryInMilliseconds, contentTypeApplicationJose, subjectDnOrgIdEncoding, clientCredentialsTokenScope,
            responseModesSupportedOverride
        case tokenEndpointAuthMethodsSupportedOverride
    }

    /// Absent YAML keys take the specification's defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            audClaim: try c.decodeIfPresent(String.self, forKey: .audClaim),
            subjectTypeClaim: try c.decodeIfPresent(String.self, forKey: .subjectTypeClaim),
            grantTypesClaim: try c.decodeIfPresent([String].self, forKey: .grantTypesClaim),
            scopeClaimAsArray: try c.decodeIfPresent(Bool.self, forKey: .scopeClaimAsArray) ?? false,
            scopeResponseAsArray: try c.decodeIfPresent(Bool.self, forKey: .scopeResponseAsArray) ?? false,
            clientIdIssuedAtInMilliseconds: try c.decodeIfPresent(Bool.self, forKey: .clientIdIssuedAtInMilliseconds) ?? false,
            issuedAtAndExpiryInMilliseconds: try c.decodeIfPresent(Bool.self, forKey: .issuedAtAndExpiryInMilliseconds) ?? false,
            contentTypeApplicationJose: try c.decodeIfPresent(Bool.self, forKey: .contentTypeApplicationJose) ?? false,
            subjectDnOrgIdEncoding: try c.decodeIfPresent(SubjectDnOrgIdEncoding.self, forKey: .subjectDnOrgIdEncoding) ?? .stringAttributeType,
            clientCredentialsTokenScope: try c.decodeIfPresent(String.self, forKey: .clientCredentialsTokenScope),
            responseModesSupportedOverride: try c.decodeIfPresent([String].self, forKey: .responseModesSupportedOverride),
            tokenEndpointAuthMethodsSupportedOverride: try c.decodeIfPresent([String].self, forKey: .tokenEndpointAuthMethodsSupportedOverride)
        )
    }
}
