/// A bank group: its profiles, and one hook for every way its banks
/// depart from the specifications. Every hook has a default driven by the profile's data
/// (`BankProfile` and its `RegistrationQuirks`), so a group that is only data writes no
/// code; a group whose bank needs code overrides the hook in its own target.
public protocol BankGroupBehaviour: Sendable {
    /// OBC's `BankGroup` name.
    var name: String { get }
    var profiles: [BankProfile] { get }

    // MARK: Registration group
    /// Profiles whose registrations return the same group share one client at the bank.
    func registrationGroup(for profile: BankProfile, scope: RegistrationScope) throws(OBCError) -> String
    /// True when the group depends on the registration scope, so it can only be
    /// known once the scope is.
    var registrationGroupDependsOnScope: Bool { get }

    // MARK: Discovery
    /// Where the bank publishes its OpenID configuration.
    func discoveryURL(for profile: BankProfile, issuer: String) -> String
    /// A whole hand-written OpenID configuration, for banks that publish none; nil to fetch it.
    func manualOpenIDConfiguration(for profile: BankProfile, issuer: String) -> JSONValue?
    /// Corrects what the bank's OpenID configuration says (response modes, auth methods).
    func adjust(_ configuration: inout OpenIDConfiguration, for profile: BankProfile)

    // MARK: DCR
    /// The DCR JWT's `aud`.
    func dcrAudience(for profile: BankProfile, issuer: String) throws(OBCError) -> String
    /// Changes to the canonical registration claims before a DCR version spells them.
    func adjust(_ claims: inout RegistrationClaims, for profile: BankProfile)
    /// The Content-Type of the DCR request.
    func registrationContentType(for profile: BankProfile) -> String
    /// Reads the bank's registration response (POST and GET) into the canonical shape.
    func readRegistrationResponse(
        _ body: JSONValue, for profile: BankProfile, method: TokenEndpointAuthMethod, translator: any DCRTranslator
    ) throws(OBCError) -> RegistrationResponse

    // MARK: A registered client
    /// The `scope` of the client-credentials token for GET/DELETE at the bank; nil sends none.
    func clientCredentialsScope(for profile: BankProfile, registrationScope: RegistrationScope) throws(OBCError) -> String?
    /// Which of the bank's `/register/{ClientId}` endpoints exist, and how they are authorised.
    func registrationEndpoints(for profile: BankProfile) -> RegistrationEndpoints
}

extension BankGroupBehaviour {
    /// The rule data can say: the profile's own `registrationGroup`, else one client per bank.
    public func registrationGroup(for profile: BankProfile, scope: RegistrationScope) throws(OBCError) -> String {
        profile.registrationGroup ?? profile.bank
    }

    public var registrationGroupDependsOnScope: Bool { false }

    /// `openIdConfigurationUrl` when the profile has one, else `{issuer}/.well-known/openid-configuration`.
    public func discoveryURL(for profile: BankProfile, issuer: String) -> String {
        profile.discoveryURL(issuer: issuer)
    }

    /// The profile's `openIdConfiguration`, when its data carries one.
    public func manualOpenIDConfiguration(for profile: BankProfile, issuer: String) -> JSONValue? {
        profile.openIdConfiguration
    }

    /// Every declared difference's `clientReads` (`responseModesSupportedOverride`, `tokenEndpointAuthMethodsSupportedOverride`).
    public func adjust(_ configuration: inout OpenIDConfiguration, for profile: BankProfile) {
        profile.quirks.clientReads(&configuration)
    }

    /// The request shape's audience (`audClaim`: `IssuerUrl` for the issuer, or a literal), else the profile's financial id.
    public func dcrAudience(for profile: BankProfile, issuer: String) throws(OBCError) -> String {
        switch profile.quirks.requestShape.audience {
        case .issuer: return issuer
        case .literal(let value): return value
        case .financialId:
            guard let financialId = profile.financialId else {
                throw OBCError(
                    .misconfigured,
                    "BankProfile \(profile.id) needs its FinancialId: set OpenBankingConnector:BankProfiles:\(profile.group):\(profile.bank):FinancialId."
                )
            }
            return financialId
        }
    }

    /// The request shape's `grant_types` and `subject_type` (`grantTypesClaim`, `subjectTypeClaim`).
    public func adjust(_ claims: inout RegistrationClaims, for profile: BankProfile) {
        let shape = profile.quirks.requestShape
        if let grantTypes = shape.grantTypes { claims.grantTypes = grantTypes }
        if let subjectType = shape.subjectType { claims.subjectType = subjectType }
    }

    /// The request shape's content type: `application/jose` when `contentTypeApplicationJose`, else `application/jwt`.
    public func registrationContentType(for profile: BankProfile) -> String {
        profile.quirks.requestShape.contentType
    }

    /// The version's reading with the profile's quirks (millisecond timestamps, array scope).
    public func readRegistrationResponse(
        _ body: JSONValue, for profile: BankProfile, method: TokenEndpointAuthMethod, translator: any DCRTranslator
    ) throws(OBCError) -> RegistrationResponse {
        try translator.readResponse(body, requestedMethod: method, quirks: profile.quirks)
    }

    /// `clientCredentialsTokenScope`; its value `RegistrationScope` picks the registration's
    /// first API scope (accounts, else payments, else fundsconfirmations), as OBC's newest release does.
    public func clientCredentialsScope(for profile: BankProfile, registrationScope: RegistrationScope) throws(OBCError) -> String? {
        switch profile.quirks.clientCredentialsScopeRule {
        case .none: return nil
        case .fixed(let scope): return scope
        case .fromRegistrationScope:
            guard let scope = registrationScope.oauthScopes.dropFirst().first else {
                throw OBCError(
                    .conflict, "The registration has no API scope, so no client-credentials token scope can be chosen for \(profile.id).")
            }
            return scope
        }
    }

    /// The profile's `useRegistrationGetEndpoint`, `useRegistrationDeleteEndpoint`, `useRegistrationPutEndpoint`
    /// and `useRegistrationAccessToken`.
    public func registrationEndpoints(for profile: BankProfile) -> RegistrationEndpoints {
        RegistrationEndpoints(
            get: profile.useRegistrationGetEndpoint, delete: profile.useRegistrationDeleteEndpoint, put: profile.useRegistrationPutEndpoint ?? false,
            useRegistrationAccessToken: profile.useRegistrationAccessToken)
    }
}
