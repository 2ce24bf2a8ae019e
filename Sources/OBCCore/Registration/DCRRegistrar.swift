import Foundation
import OBCPluginAPI

/// Registers a client at a bank with Dynamic Client Registration: discovery, the canonical
/// claims with the group's adjustments, the version's spelling, the PS256 signature, the
/// call, the response read back; and, when a client cannot be kept, deleting it again.
struct DCRRegistrar: Sendable {
    let registry: PluginRegistry
    let http: any OutboundHTTP
    let sealer: SecretSealer
    let clients: RegisteredClientOperations
    let now: @Sendable () -> Date

    /// The bank's OpenID configuration: hand-written, or fetched and corrected by the group.
    func discover(profile: BankProfile, group: any BankGroupBehaviour, locator: any BankLocator, transport: TransportIdentity) async throws
        -> (issuer: String, configuration: OpenIDConfiguration)
    {
        let issuer = try locator.issuer(for: profile)
        if let manual = locator.manualOpenIDConfiguration(for: profile, issuer: issuer, group: group) {
            var configuration = try OpenIDConfiguration(json: manual, url: "the hand-written OpenID configuration of \(profile.id)")
            group.adjust(&configuration, for: profile)
            return (issuer, configuration)
        }
        let url = locator.discoveryURL(for: profile, issuer: issuer, group: group)
        let response = try await http.exchange(
            OutboundRequest(
                method: "GET", url: url, headers: [("Accept", "application/json")], identity: transport, endpoint: .discovery,
                bankProfile: profile.id),
            purpose: "OpenID discovery")
        guard let json = response.json else {
            throw OBCError(.upstream(status: 502), "The OpenID configuration at \(url) is not JSON.")
        }
        var configuration = try OpenIDConfiguration(json: json, url: url)
        group.adjust(&configuration, for: profile)
        return (issuer, try configuration.validated(url: url))
    }

    /// A DCR creates secrets (client secret, registration access token) the product must seal:
    /// the current encryption key must resolve before the bank is asked, so no client is
    /// created that could not be kept.
    func requireKeyToSealIssuedSecrets() async throws {
        _ = try await sealer.currentKey()
    }

    /// POSTs the signed registration and reads the bank's answer.
    func register(
        profile: BankProfile, group: any BankGroupBehaviour, issuer: String, openID: OpenIDConfiguration, credentials: RegistrationCredentials,
        ssa: SoftwareStatementAssertion, redirectUris: [String], scope: RegistrationScope, jwtId: String
    ) async throws -> RegistrationResponse {
        guard let endpoint = openID.registrationEndpoint else {
            throw OBCError(.upstream(status: 502), "The OpenID configuration of \(profile.id) has no registration_endpoint, so DCR is impossible.")
        }
        guard openID.tokenEndpointAuthMethodsSupported.contains(profile.tokenEndpointAuthMethod.rawValue) else {
            throw OBCError(
                .upstream(status: 502),
                "\(profile.id) uses \(profile.tokenEndpointAuthMethod.rawValue), which the bank's token_endpoint_auth_methods_supported \(openID.tokenEndpointAuthMethodsSupported) does not list."
            )
        }
        guard let translator = registry.dcrTranslators[profile.dcrVersion] else {
            throw OBCError(.misconfigured, "No plugin translates DCR \(profile.dcrVersion), which \(profile.id) uses.")
        }
        let claims = try Self.claims(
            profile: profile, group: group, issuer: issuer, credentials: credentials, ssa: ssa, redirectUris: redirectUris, scope: scope,
            issuedAt: Int(now().timeIntervalSince1970), jwtId: jwtId)
        let jws = try await CompactJWS.sign(
            claims: translator.wireClaims(for: claims, quirks: profile.quirks), signer: credentials.signer, algorithm: .ps256,
            keyId: credentials.signingKeyId)
        let response = try await http.exchange(
            OutboundRequest(
                method: "POST", url: endpoint,
                headers: [("Content-Type", group.registrationContentType(for: profile)), ("Accept", "application/json")],
                body: Data(jws.utf8), identity: credentials.transport, endpoint: .register, bankProfile: profile.id),
            purpose: "Bank registration (DCR)")
        guard let body = response.json else {
            throw OBCError(.upstream(status: 502), "The bank's registration endpoint \(endpoint) answered without a JSON body.")
        }
        return try group.readRegistrationResponse(body, for: profile, method: profile.tokenEndpointAuthMethod, translator: translator)
    }

    /// The canonical claims (OBC's defaults), adjusted by the group's hook.
    static func claims(
        profile: BankProfile, group: any BankGroupBehaviour, issuer: String, credentials: RegistrationCredentials,
        ssa: SoftwareStatementAssertion, redirectUris: [String], scope: RegistrationScope, issuedAt: Int, jwtId: String
    ) throws(OBCError) -> RegistrationClaims {
        var claims = RegistrationClaims(
            issuer: credentials.statement.softwareId, issuedAt: issuedAt, expiresAt: issuedAt + 300,
            audience: try group.dcrAudience(for: profile, issuer: issuer), jwtId: jwtId, redirectUris: redirectUris,
            tokenEndpointAuthMethod: profile.tokenEndpointAuthMethod,
            grantTypes: ["client_credentials", "authorization_code", "refresh_token"], responseTypes: ["code id_token"],
            softwareId: credentials.statement.softwareId, scope: scope.oauthScopes, softwareStatement: ssa.jws,
            tokenEndpointAuthSigningAlg: profile.tokenEndpointAuthMethod == .privateKeyJwt ? "PS256" : nil,
            tlsClientAuthSubjectDn: SubjectDNFormatter.format(
                credentials.wacCertificate.subject, orgIdEncoding: profile.quirks.requestShape.subjectDnOrgIdEncoding),
            subjectType: nil)
        group.adjust(&claims, for: profile)
        return claims
    }

    /// Best effort: removes a client the bank created that could not be kept, when the bank
    /// allows it. Failure leaves the orphan, which is logged by the caller's error.
    func abandon(_ client: BankClient, clientId: String, profile: BankProfile, group: any BankGroupBehaviour, credentials: RegistrationCredentials)
        async
    {
        guard group.registrationEndpoints(for: profile).delete, let endpoint = client.registrationEndpoint else { return }
        var registered = client
        registered.externalApiId = clientId
        try? await clients.delete(registered, endpoint: endpoint, profile: profile, group: group, credentials: credentials)
    }
}
