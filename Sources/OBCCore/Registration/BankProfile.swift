import Foundation

/// One bank as data: where it is, which DCR version and endpoints it supports, and how it
/// departs from the specifications. Bank-group plugins supply profiles from YAML; deployment
/// values (issuer URL, financial id) can be set by configuration as OBC does.
public struct BankProfile: Sendable, Hashable, Codable {
    /// OBC's `BankProfileEnum` value, `<Group>_<Bank>`.
    public var id: String
    public var group: String
    public var bank: String
    /// Profiles of one group with the same registration group share one OAuth2 client.
    /// Groups whose rule depends on the registration scope decide in code instead.
    public var registrationGroup: String?
    /// Nil when the deployment must configure it (`…:{Bank|Default}:IssuerUrl`).
    public var issuerUrl: String?
    /// The bank's OB organisation id: the DCR `aud` by default. Nil when it must be configured.
    public var financialId: String?
    /// An explicit discovery URL; otherwise `{issuerUrl}/.well-known/openid-configuration`.
    public var openIdConfigurationUrl: String?
    /// A hand-written OpenID configuration for a bank that publishes none (discovery is skipped).
    public var openIdConfiguration: JSONValue?
    public var dcrVersion: DCRVersion
    /// False for banks without DCR (clients made in a portal; `ExternalApiId` required).
    public var useRegistrationEndpoint: Bool
    public var useRegistrationGetEndpoint: Bool
    public var useRegistrationDeleteEndpoint: Bool
    /// GET/DELETE `/register` use the registration access token rather than a client-credentials grant.
    public var useRegistrationAccessToken: Bool
    public var tokenEndpointAuthMethod: TokenEndpointAuthMethod
    /// OBC's `DefaultResponseMode` when the profile sets it; otherwise derived from the response type.
    public var defaultResponseMode: OAuth2ResponseMode?
    /// OBC's `DefaultResponseType`; nil means `code id_token`.
    public var defaultResponseType: OAuth2ResponseType?
    /// OBC's `AispUseV4ByDefault`, `PispUseV4ByDefault`, `VrpUseV4ByDefault`; nil means all false.
    public var useV4ByDefault: UseV4Settings?
    public var quirks: RegistrationQuirks
    /// Settings this profile reads under another bank's configuration key, by setting name
    /// (`FinancialId: LloydsPersonal`), as OBC's generator does; see `BankProfileSetting`.
    public var settingKeyBanks: [String: String]? = nil

    public init(
        id: String, group: String, bank: String, registrationGroup: String? = nil, issuerUrl: String?, financialId: String?,
        openIdConfigurationUrl: String? = nil, openIdConfiguration: JSONValue? = nil, dcrVersion: DCRVersion = .v3p2,
        useRegistrationEndpoint: Bool = true,
        useRegistrationGetEndpoint: Bool = false, useRegistrationDeleteEndpoint: Bool = false, useRegistrationAccessToken: Bool = false,
        tokenEndpointAuthMethod: TokenEndpointAuthMethod = .tlsClientAuth, defaultResponseMode: OAuth2ResponseMode? = nil,
        defaultResponseType: OAuth2ResponseType? = nil, useV4ByDefault: UseV4Settings? = nil, quirks: RegistrationQuirks = RegistrationQuirks()
    ) {
        self.id = id
        self.group = group
        self.bank = bank
        self.registrationGroup = registrationGroup
        self.issuerUrl = issuerUrl
        self.financialId = financialId
        self.openIdConfigurationUrl = openIdConfigurationUrl
        self.openIdConfiguration = openIdConfiguration
        self.dcrVersion = dcrVersion
        self.useRegistrationEndpoint = useRegistrationEndpoint
        self.useRegistrationGetEndpoint = useRegistrationGetEndpoint
        self.useRegistrationDeleteEndpoint = useRegistrationDeleteEndpoint
        self.useRegistrationAccessToken = useRegistrationAccessToken
        self.tokenEndpointAuthMethod = tokenEndpointAuthMethod
        self.defaultResponseMode = defaultResponseMode
        self.defaultResponseType = defaultResponseType
        self.useV4ByDefault = useV4ByDefault
        self.quirks = quirks
    }

    /// Where OpenID discovery happens for this profile.
    public func discoveryURL(issuer: String) -> String {
        openIdConfigurationUrl ?? Self.wellKnownURL(issuer: issuer)
    }

    /// `{issuer}/.well-known/openid-configuration`, as OBC derives it.
    public static func wellKnownURL(issuer: String) -> String {
        (issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer) + "/.well-known/openid-configuration"
    }
}

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

/// How OBC writes the organisation identifier in `tls_client_auth_subject_dn`.
public enum SubjectDnOrgIdEncoding: String, Sendable, Hashable, Codable {
    /// `organizationIdentifier=<value>`
    case stringAttributeType = "StringAttributeType"
    /// `2.5.4.97=#<hex of the BER PrintableString>` (RFC 4514 hex form)
    case dottedDecimalAttributeType = "DottedDecimalAttributeType"
    /// `2.5.4.97=<value>`
    case dottedDecimalAttributeTypeWithStringValue = "DottedDecimalAttributeTypeWithStringValue"
}

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
