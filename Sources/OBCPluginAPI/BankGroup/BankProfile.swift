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
    /// The bank supports `PUT /register/{ClientId}` (DCR §3.3) to update a client; nil means no
    /// (OBC has no such setting). Configuration can set it (`UseRegistrationPutEndpoint`).
    public var useRegistrationPutEndpoint: Bool?
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
        useRegistrationGetEndpoint: Bool = false, useRegistrationDeleteEndpoint: Bool = false, useRegistrationPutEndpoint: Bool? = nil,
        useRegistrationAccessToken: Bool = false, tokenEndpointAuthMethod: TokenEndpointAuthMethod = .tlsClientAuth,
        defaultResponseMode: OAuth2ResponseMode? = nil,
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
        self.useRegistrationPutEndpoint = useRegistrationPutEndpoint
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
