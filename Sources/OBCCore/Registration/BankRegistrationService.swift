import Crypto
import Foundation
import Synchronization
import X509

/// Creates, reads and deletes bank registrations: DCR in the bank's version over mutual TLS,
/// or a client the TPP supplies, shared within a registration group. One request per group
/// performs the DCR; concurrent ones (in this process or another on the same database) wait
/// for it and re-use the client.
public struct BankRegistrationService: Sendable {
    public struct Request: Sendable {
        public var bankProfile: String
        public var softwareStatementId: UUID
        public var registrationScope: RegistrationScope?
        public var defaultFragmentRedirectUri: String?
        public var defaultQueryRedirectUri: String?
        public var redirectUris: [String]?
        public var externalApiId: String?
        public var externalApiSecret: SecretValue?
        public var externalApiSecretFromSecrets: SecretDescription?
        public var registrationAccessToken: SecretValue?
        public var registrationAccessTokenFromSecrets: SecretDescription?
        public var useSimulatedBank: Bool
        public var authorship: RecordAuthorship

        public init(
            bankProfile: String, softwareStatementId: UUID, registrationScope: RegistrationScope? = nil,
            defaultFragmentRedirectUri: String? = nil, defaultQueryRedirectUri: String? = nil, redirectUris: [String]? = nil,
            externalApiId: String? = nil, externalApiSecret: SecretValue? = nil, externalApiSecretFromSecrets: SecretDescription? = nil,
            registrationAccessToken: SecretValue? = nil, registrationAccessTokenFromSecrets: SecretDescription? = nil,
            useSimulatedBank: Bool = false, authorship: RecordAuthorship = .init()
        ) {
            self.bankProfile = bankProfile
            self.softwareStatementId = softwareStatementId
            self.registrationScope = registrationScope
            self.defaultFragmentRedirectUri = defaultFragmentRedirectUri
            self.defaultQueryRedirectUri = defaultQueryRedirectUri
            self.redirectUris = redirectUris
            self.externalApiId = externalApiId
            self.externalApiSecret = externalApiSecret
            self.externalApiSecretFromSecrets = externalApiSecretFromSecrets
            self.registrationAccessToken = registrationAccessToken
            self.registrationAccessTokenFromSecrets = registrationAccessTokenFromSecrets
            self.useSimulatedBank = useSimulatedBank
            self.authorship = authorship
        }
    }

    /// A registration with what the bank said, when the bank was called.
    public struct Result: Sendable {
        public var registration: BankRegistration
        public var externalApiResponse: JSONValue?
        public var warnings: [String]
    }

    /// Certificates, keys and statement a registration works with, resolved once.
    struct Credentials {
        var statement: SoftwareStatement
        var wacCertificate: Certificate
        var transport: TransportIdentity
        var signingKey: SigningKey
        var signingKeyId: String
    }

    let registry: PluginRegistry
    let store: any Store
    let secrets: SecretResolver
    let sealer: SecretSealer
    let http: any OutboundHTTP
    let directory: DirectoryClient
    let tokens: BankAccessTokens
    let configuration: ConfigurationValues
    let now: @Sendable () -> Date
    /// How long a pending claim may sit before another request takes the group over.
    let claimLifetime: TimeInterval = 120
    /// Parsed certificates and signing keys, shared by every request this service handles.
    let parsed = ParsedCredentials()

    public init(
        registry: PluginRegistry, store: any Store, secrets: SecretResolver, sealer: SecretSealer, http: any OutboundHTTP,
        configuration: ConfigurationValues, now: @escaping @Sendable () -> Date
    ) {
        self.registry = registry
        self.store = store
        self.secrets = secrets
        self.sealer = sealer
        self.http = http
        self.directory = DirectoryClient(http: http, now: now)
        self.tokens = BankAccessTokens(http: http, sealer: sealer, now: now)
        self.configuration = configuration
        self.now = now
    }

    // MARK: Create

    public func create(_ request: Request) async throws -> Result {
        let profile = try profile(named: request.bankProfile)
        guard let group = registry.bankGroups[profile.group] else {
            throw OBCError(.misconfigured, "Bank group \(profile.group) is not registered.")
        }
        try Self.requireExclusive(request.externalApiSecret, request.externalApiSecretFromSecrets, field: "ExternalApiSecret")
        try Self.requireExclusive(request.registrationAccessToken, request.registrationAccessTokenFromSecrets, field: "RegistrationAccessToken")
        if let scope = request.registrationScope, scope.isEmpty {
            throw OBCError.invalid("RegistrationScope", "must name at least one API (AccountAndTransaction, PaymentInitiation, FundsConfirmation).")
        }
        if request.externalApiId == nil, !profile.useRegistrationEndpoint {
            throw OBCError.invalid(
                "ExternalApiId",
                "bank profile \(profile.id) does not support Dynamic Client Registration: create the client in the bank's developer portal and pass its client ID as ExternalApiId."
            )
        }
        if let uris = request.redirectUris {
            guard !uris.isEmpty else { throw OBCError.invalid("RedirectUris", "must not be empty when given.") }
            for (index, uri) in uris.enumerated() { try SoftwareStatementService.requireRedirectURL(uri, field: "RedirectUris[\(index)]") }
        }
        guard let statement = try await store.softwareStatements.find(id: request.softwareStatementId) else {
            throw OBCError.invalid(
                "SoftwareStatementId", "no SoftwareStatement record with ID \(request.softwareStatementId.lowercasedText) exists.")
        }
        var ssa: SoftwareStatementAssertion?
        var credentials: Credentials?
        var scopeForGroup = request.registrationScope ?? []
        if group.registrationGroupDependsOnScope, request.registrationScope == nil {
            let loaded = try await loadCredentials(statement)
            credentials = loaded
            let fetched = try await fetchSSA(loaded)
            ssa = fetched
            scopeForGroup = fetched.registrationScope
        }
        let registrationGroup = try group.registrationGroup(for: profile, scope: scopeForGroup)
        let key = BankClient.Key(
            softwareStatementId: statement.id, bankGroup: profile.group,
            registrationGroup: (request.useSimulatedBank ? "Simulated:" : "") + registrationGroup)

        let claimant = UUID()
        let deadline = now().addingTimeInterval(claimLifetime)
        while true {
            let date = now()
            let candidate = BankClient(
                key: key, state: .pending, claimedBy: claimant, claimedAt: date, created: date, bankProfile: profile.id,
                registrationScope: request.registrationScope ?? [], tokenEndpointAuthMethod: profile.tokenEndpointAuthMethod,
                useSimulatedBank: request.useSimulatedBank)
            switch try await store.bankClients.claim(candidate, staleBefore: date.addingTimeInterval(-claimLifetime)) {
            case .active(let client):
                return try await reuse(client, request: request, profile: profile, statement: statement)
            case .claimed(let client):
                let loaded: Credentials
                if let credentials { loaded = credentials } else { loaded = try await loadCredentials(statement) }
                return try await register(client, request: request, profile: profile, credentials: loaded, ssa: ssa)
            case .busy:
                guard now() < deadline else {
                    throw OBCError(
                        .conflict, "Another request has been registering \(key.registrationGroup) at \(profile.group) for too long; retry later.")
                }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    /// Re-uses the group's client, refusing a request whose settings the client cannot honour.
    func reuse(_ client: BankClient, request: Request, profile: BankProfile, statement: SoftwareStatement) async throws -> Result {
        let group = client.key.registrationGroup
        if let id = request.externalApiId, id != client.externalApiId {
            throw OBCError(
                .conflict,
                "ExternalApiId: registration group \(group) of \(profile.group) already uses client \(client.externalApiId ?? ""); a second client \(id) cannot join it."
            )
        }
        if profile.tokenEndpointAuthMethod != client.tokenEndpointAuthMethod {
            throw OBCError(
                .conflict,
                "BankProfile: \(profile.id) authenticates with \(profile.tokenEndpointAuthMethod.rawValue), but the client it would share in registration group \(group) uses \(client.tokenEndpointAuthMethod.rawValue)."
            )
        }
        if let scope = request.registrationScope, scope != client.registrationScope {
            throw OBCError(
                .conflict,
                "RegistrationScope: \(scope.name) differs from \(client.registrationScope.name), the scope of the client registration group \(group) already has."
            )
        }
        if let uris = request.redirectUris, !Set(uris).isSubset(of: client.redirectUris) {
            throw OBCError(
                .conflict,
                "RedirectUris: the shared client of registration group \(group) is registered with \(client.redirectUris), which does not include all of \(uris)."
            )
        }
        try await requireSameSecret(
            request.externalApiSecret, request.externalApiSecretFromSecrets, client: client, purpose: .clientSecret, field: "ExternalApiSecret")
        try await requireSameSecret(
            request.registrationAccessToken, request.registrationAccessTokenFromSecrets, client: client, purpose: .registrationAccessToken,
            field: "RegistrationAccessToken")
        let registration = try newRegistration(for: client, request: request, profile: profile, statement: statement)
        try await store.bankRegistrations.insert(registration)
        return Result(
            registration: registration, externalApiResponse: nil,
            warnings: ["Re-used client \(client.externalApiId ?? "") of registration group \(group); no new client was registered at the bank."])
    }

    /// Holds the claim: supplies or registers the client, stores it, then the registration.
    func register(_ claimed: BankClient, request: Request, profile: BankProfile, credentials: Credentials, ssa knownSSA: SoftwareStatementAssertion?)
        async throws -> Result
    {
        var client = claimed
        var bankResponse: RegistrationResponse?
        do {
            let ssa: SoftwareStatementAssertion
            if let knownSSA { ssa = knownSSA } else { ssa = try await fetchSSA(credentials) }
            try Self.requireStatementRedirects(credentials.statement, within: ssa)
            let redirectUris = request.redirectUris ?? ssa.redirectUris
            guard !redirectUris.isEmpty else {
                throw OBCError.invalid("RedirectUris", "none given and the SSA lists no software_redirect_uris.")
            }
            let scope = request.registrationScope ?? ssa.registrationScope
            guard !scope.isEmpty else { throw OBCError.invalid("RegistrationScope", "none given and the SSA grants no software_roles.") }
            let issuer = try issuerURL(profile: profile, simulated: request.useSimulatedBank)
            let openID = try await discover(profile: profile, issuer: issuer, simulated: request.useSimulatedBank, transport: credentials.transport)
            client.registrationScope = scope
            client.redirectUris = redirectUris
            client.jwksUri = openID.jwksUri
            client.tokenEndpoint = openID.tokenEndpoint
            client.authorizationEndpoint = openID.authorizationEndpoint
            client.registrationEndpoint = openID.registrationEndpoint

            if let externalApiId = request.externalApiId {
                client.externalApiId = externalApiId
                try await storeSuppliedSecrets(request, owner: client.id)
            } else {
                guard scope.isSubset(of: ssa.registrationScope) else {
                    throw OBCError.invalid(
                        "RegistrationScope", "\(scope.name) is more than the SSA's software_roles grant (\(ssa.registrationScope.name)).")
                }
                for uri in redirectUris where !ssa.redirectUris.contains(uri) {
                    throw OBCError.invalid("RedirectUris", "\(uri) is not one of the SSA's software_redirect_uris \(ssa.redirectUris).")
                }
                _ = try await sealer.currentKey()
                let response = try await performDCR(
                    profile: profile, issuer: issuer, openID: openID, credentials: credentials, ssa: ssa, redirectUris: redirectUris,
                    scope: scope)
                bankResponse = response
                client.externalApiId = response.clientId
                if let secret = response.clientSecret { try await sealer.store(secret, owner: client.id, purpose: .clientSecret) }
                if let token = response.registrationAccessToken {
                    try await sealer.store(token, owner: client.id, purpose: .registrationAccessToken)
                }
            }
            try await store.bankClients.activate(client)
        } catch {
            if let response = bankResponse {
                await abandon(clientId: response.clientId, client: client, profile: profile, credentials: credentials)
            }
            try? await store.bankClients.release(id: client.id, claimedBy: client.claimedBy)
            throw error
        }
        let registration = try newRegistration(for: client, request: request, profile: profile, statement: credentials.statement)
        do {
            try await store.bankRegistrations.insert(registration)
        } catch {
            // The bank has the client. Delete it there when the bank allows; otherwise the active
            // client row stays, so a retry re-uses it instead of registering a second one.
            if bankResponse != nil, profile.useRegistrationDeleteEndpoint {
                await abandon(clientId: client.externalApiId ?? "", client: client, profile: profile, credentials: credentials)
                try? await store.bankClients.softDelete(id: client.id, at: now())
            }
            throw error
        }
        return Result(registration: registration, externalApiResponse: bankResponse?.redacted, warnings: [])
    }

    func performDCR(
        profile: BankProfile, issuer: String, openID: OpenIDConfiguration, credentials: Credentials, ssa: SoftwareStatementAssertion,
        redirectUris: [String], scope: RegistrationScope
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
        let audience: String
        switch profile.quirks.audClaim {
        case "IssuerUrl": audience = issuer
        case let value?: audience = value
        case nil:
            guard let financialId = profile.financialId else {
                throw OBCError(
                    .misconfigured,
                    "BankProfile \(profile.id) needs its FinancialId: set OpenBankingConnector:BankProfiles:\(profile.group):\(profile.bank):FinancialId."
                )
            }
            audience = financialId
        }
        let issuedAt = Int(now().timeIntervalSince1970)
        let claims = RegistrationClaims(
            issuer: credentials.statement.softwareId, issuedAt: issuedAt, expiresAt: issuedAt + 300, audience: audience,
            jwtId: UUID().lowercasedText, redirectUris: redirectUris, tokenEndpointAuthMethod: profile.tokenEndpointAuthMethod,
            grantTypes: profile.quirks.grantTypesClaim ?? ["client_credentials", "authorization_code", "refresh_token"],
            responseTypes: ["code id_token"], softwareId: credentials.statement.softwareId, scope: scope.oauthScopes,
            softwareStatement: ssa.jws,
            tokenEndpointAuthSigningAlg: profile.tokenEndpointAuthMethod == .privateKeyJwt ? "PS256" : nil,
            tlsClientAuthSubjectDn: SubjectDNFormatter.format(
                credentials.wacCertificate.subject, orgIdEncoding: profile.quirks.subjectDnOrgIdEncoding),
            subjectType: profile.quirks.subjectTypeClaim)
        let jws = try CompactJWS.sign(
            claims: translator.wireClaims(for: claims, quirks: profile.quirks), key: credentials.signingKey, algorithm: .ps256,
            keyId: credentials.signingKeyId)
        let response = try await http.exchange(
            OutboundRequest(
                method: "POST", url: endpoint,
                headers: [
                    ("Content-Type", profile.quirks.contentTypeApplicationJose ? "application/jose" : "application/jwt"),
                    ("Accept", "application/json"),
                ],
                body: Data(jws.utf8), identity: credentials.transport),
            purpose: "Bank registration (DCR)")
        guard let body = response.json else {
            throw OBCError(.upstream(status: 502), "The bank's registration endpoint \(endpoint) answered without a JSON body.")
        }
        return try translator.readResponse(body, requestedMethod: profile.tokenEndpointAuthMethod, quirks: profile.quirks)
    }

    /// Best effort: remove a client the bank created that we could not keep.
    func abandon(clientId: String, client: BankClient, profile: BankProfile, credentials: Credentials) async {
        guard profile.useRegistrationDeleteEndpoint, let endpoint = client.registrationEndpoint else { return }
        var active = client
        active.externalApiId = clientId
        if let token = try? await tokens.token(
            for: active, profile: profile, transport: credentials.transport, signing: (credentials.signingKey, credentials.signingKeyId))
        {
            _ = try? await http.send(
                OutboundRequest(
                    method: "DELETE", url: Self.clientURL(endpoint, clientId), headers: [("Authorization", "Bearer \(token.revealed)")],
                    identity: credentials.transport))
        }
    }

    // MARK: Read and delete

    public func get(id: UUID, excludeExternalApiOperation: Bool) async throws -> Result {
        let registration = try await store.bankRegistrations.require(id: id)
        let profile = try profile(named: registration.bankProfile)
        guard !excludeExternalApiOperation, profile.useRegistrationGetEndpoint, let endpoint = registration.registrationEndpoint else {
            return Result(registration: registration, externalApiResponse: nil, warnings: [])
        }
        let (client, credentials) = try await clientAndCredentials(for: registration)
        let token = try await tokens.token(
            for: client, profile: profile, transport: credentials.transport, signing: (credentials.signingKey, credentials.signingKeyId))
        let response = try await http.exchange(
            OutboundRequest(
                method: "GET", url: Self.clientURL(endpoint, registration.externalApiId),
                headers: [("Authorization", "Bearer \(token.revealed)"), ("Accept", "application/json")], identity: credentials.transport),
            purpose: "Bank registration read")
        guard let translator = registry.dcrTranslators[profile.dcrVersion], let body = response.json else {
            throw OBCError(.upstream(status: 502), "The bank's registration read at \(endpoint) answered without a JSON body.")
        }
        let read = try translator.readResponse(body, requestedMethod: registration.tokenEndpointAuthMethod, quirks: profile.quirks)
        return Result(registration: registration, externalApiResponse: read.redacted, warnings: [])
    }

    /// Soft-deletes the registration; deletes the client at the bank when the profile allows,
    /// the caller did not opt out, and no other live registration still uses it.
    public func delete(id: UUID, excludeExternalApiOperation: Bool, by deletedBy: String? = nil) async throws -> [String] {
        let registration = try await store.bankRegistrations.require(id: id)
        let profile = try profile(named: registration.bankProfile)
        // Removed here first, with the client when this was its last use, in one store
        // operation: a concurrent re-use either is counted or finds no client to re-use.
        let removal = try await store.bankClients.removeRegistration(
            id, clientId: registration.bankClientId, at: now(), by: deletedBy)
        guard !excludeExternalApiOperation, profile.useRegistrationDeleteEndpoint, let endpoint = registration.registrationEndpoint else {
            return []
        }
        if case .clientKept(let others) = removal {
            return ["Client \(registration.externalApiId) is still used by \(others) other registration(s), so it was not deleted at the bank."]
        }
        do {
            let (client, credentials) = try await clientAndCredentials(for: registration)
            let token = try await tokens.token(
                for: client, profile: profile, transport: credentials.transport, signing: (credentials.signingKey, credentials.signingKeyId))
            _ = try await http.exchange(
                OutboundRequest(
                    method: "DELETE", url: Self.clientURL(endpoint, registration.externalApiId),
                    headers: [("Authorization", "Bearer \(token.revealed)")], identity: credentials.transport),
                purpose: "Bank registration delete")
            return []
        } catch let error as OBCError {
            return [
                "Client \(registration.externalApiId) was removed here, but deleting it at bank \(profile.id) failed, so it may live on there: \(error.detail)"
            ]
        }
    }

    // MARK: Helpers

    func profile(named id: String) throws(OBCError) -> BankProfile {
        guard let profile = registry.bankProfiles[id] else {
            let groups = registry.bankGroups.keys.sorted().joined(separator: ", ")
            throw OBCError.invalid("BankProfile", "'\(id)' is not a bank profile of this build (bank groups: \(groups)).")
        }
        return profile
    }

    func loadCredentials(_ statement: SoftwareStatement) async throws -> Credentials {
        guard let wac = try await store.obWacCertificates.find(id: statement.defaultObWacCertificateId) else {
            throw OBCError.invalid("SoftwareStatementId", "the software statement's OBWAC certificate was deleted.")
        }
        guard let seal = try await store.obSealCertificates.find(id: statement.defaultObSealCertificateId) else {
            throw OBCError.invalid("SoftwareStatementId", "the software statement's OBSeal certificate was deleted.")
        }
        let wacKey = try await secrets.resolve(wac.associatedKey, field: "ObWacCertificate.AssociatedKey")
        let sealKey = try await secrets.resolve(seal.associatedKey, field: "ObSealCertificate.AssociatedKey")
        let certificate = try parsed.certificate(wac.certificate, field: "ObWacCertificate.Certificate")
        let signingKey: SigningKey
        do {
            signingKey = try parsed.signingKey(sealKey)
        } catch {
            throw OBCError.invalid("ObSealCertificate.AssociatedKey", error.detail)
        }
        return Credentials(
            statement: statement, wacCertificate: certificate,
            transport: TransportIdentity(certificatePEM: wac.certificate, privateKeyPEM: wacKey), signingKey: signingKey,
            signingKeyId: seal.associatedKeyId)
    }

    func clientAndCredentials(for registration: BankRegistration) async throws -> (BankClient, Credentials) {
        guard let client = try await store.bankClients.find(id: registration.bankClientId) else {
            throw OBCError(.internal, "Bank registration \(registration.id) names a client that does not exist.")
        }
        guard let statement = try await store.softwareStatements.find(id: registration.softwareStatementId) else {
            throw OBCError(.conflict, "The registration's software statement was deleted, so the bank cannot be called.")
        }
        return (client, try await loadCredentials(statement))
    }

    func fetchSSA(_ credentials: Credentials) async throws -> SoftwareStatementAssertion {
        let statement = credentials.statement
        let jws = try await directory.softwareStatementAssertion(
            organisationId: statement.organisationId, softwareId: statement.softwareId,
            endpoints: .configured(sandbox: statement.sandboxEnvironment, configuration: configuration), transport: credentials.transport,
            signingKey: credentials.signingKey, signingKeyId: credentials.signingKeyId)
        return try SoftwareStatementAssertion(jws: jws)
    }

    func issuerURL(profile: BankProfile, simulated: Bool) throws(OBCError) -> String {
        if simulated {
            guard let base = configuration["OpenBankingConnector:Simulator:BaseUrl"] else {
                throw OBCError.invalid(
                    "UseSimulatedBank",
                    "no simulator is configured: set OpenBankingConnector:Simulator:BaseUrl (obc simulate --write-config writes it).")
            }
            return (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/banks/\(profile.id)"
        }
        guard let issuer = profile.issuerUrl else {
            throw OBCError(
                .misconfigured,
                "BankProfile \(profile.id) needs its IssuerUrl: set OpenBankingConnector:BankProfiles:\(profile.group):\(profile.bank):IssuerUrl.")
        }
        return issuer
    }

    func discover(profile: BankProfile, issuer: String, simulated: Bool, transport: TransportIdentity) async throws -> OpenIDConfiguration {
        // A simulated bank publishes discovery under its own issuer, whatever URL the real bank uses.
        let url = simulated ? BankProfile.wellKnownURL(issuer: issuer) : profile.discoveryURL(issuer: issuer)
        let response = try await http.exchange(
            OutboundRequest(method: "GET", url: url, headers: [("Accept", "application/json")], identity: transport), purpose: "OpenID discovery")
        guard let json = response.json else {
            throw OBCError(.upstream(status: 502), "The OpenID configuration at \(url) is not JSON.")
        }
        return try OpenIDConfiguration(json: json, quirks: profile.quirks, url: url)
    }

    func newRegistration(for client: BankClient, request: Request, profile: BankProfile, statement: SoftwareStatement) throws -> BankRegistration {
        let fragment = request.defaultFragmentRedirectUri ?? statement.defaultFragmentRedirectUrl
        let query = request.defaultQueryRedirectUri ?? statement.defaultQueryRedirectUrl
        for (field, uri) in [("DefaultFragmentRedirectUri", fragment), ("DefaultQueryRedirectUri", query)] where !client.redirectUris.contains(uri) {
            throw OBCError.invalid(field, "\(uri) is not one of the registration's redirect URIs \(client.redirectUris).")
        }
        return BankRegistration(
            metadata: RecordMetadata(reference: request.authorship.reference, created: now(), createdBy: request.authorship.createdBy),
            client: client, bankProfile: profile.id, defaultFragmentRedirectUri: fragment, defaultQueryRedirectUri: query)
    }

    func storeSuppliedSecrets(_ request: Request, owner: UUID) async throws {
        if let secret = try await suppliedSecret(
            request.externalApiSecret, request.externalApiSecretFromSecrets, field: "ExternalApiSecretFromSecrets")
        {
            try await sealer.store(secret, owner: owner, purpose: .clientSecret)
        }
        if let token = try await suppliedSecret(
            request.registrationAccessToken, request.registrationAccessTokenFromSecrets, field: "RegistrationAccessTokenFromSecrets")
        {
            try await sealer.store(token, owner: owner, purpose: .registrationAccessToken)
        }
    }

    func suppliedSecret(_ value: SecretValue?, _ description: SecretDescription?, field: String) async throws -> SecretValue? {
        if let value { return value }
        if let description { return try await secrets.resolve(description, field: field) }
        return nil
    }

    func requireSameSecret(_ value: SecretValue?, _ description: SecretDescription?, client: BankClient, purpose: EncryptionPurpose, field: String)
        async throws
    {
        guard let supplied = try await suppliedSecret(value, description, field: field) else { return }
        let stored = try await sealer.load(owner: client.id, purpose: purpose)
        guard stored?.revealed == supplied.revealed else {
            throw OBCError(.conflict, "\(field): differs from the value stored for the shared client \(client.externalApiId ?? "").")
        }
    }

    static func requireExclusive(_ value: SecretValue?, _ description: SecretDescription?, field: String) throws(OBCError) {
        if value != nil, description != nil {
            throw OBCError.invalid(field, "give either \(field) or \(field)FromSecrets, not both.")
        }
    }

    static func requireStatementRedirects(_ statement: SoftwareStatement, within ssa: SoftwareStatementAssertion) throws(OBCError) {
        for (field, uri) in [
            ("DefaultQueryRedirectUrl", statement.defaultQueryRedirectUrl), ("DefaultFragmentRedirectUrl", statement.defaultFragmentRedirectUrl),
        ]
        where !ssa.redirectUris.contains(uri) {
            throw OBCError.invalid(
                "SoftwareStatementId",
                "the software statement's \(field) \(uri) is not one of the SSA's software_redirect_uris \(ssa.redirectUris).")
        }
    }

    static func clientURL(_ registrationEndpoint: String, _ clientId: String) -> String {
        (registrationEndpoint.hasSuffix("/") ? String(registrationEndpoint.dropLast()) : registrationEndpoint) + "/" + clientId
    }
}

/// OBWAC certificates and OBSeal keys parsed once per distinct PEM: every full registration
/// loads both, and parsing them (PEM normalising, X.509, RSA) cost about a quarter of a
/// millisecond each time. Keyed by the PEM's SHA-256, so no PEM text is kept; a changed
/// certificate or rotated key is simply a new entry.
final class ParsedCredentials: Sendable {
    /// Distinct PEMs kept before the cache starts over; deployments have a handful.
    static let limit = 64
    private let certificates = Mutex<[SHA256.Digest: Certificate]>([:])
    private let keys = Mutex<[SHA256.Digest: SigningKey]>([:])

    func certificate(_ pem: String, field: String) throws(OBCError) -> Certificate {
        let digest = SHA256.hash(data: Data(pem.utf8))
        if let cached = certificates.withLock({ $0[digest] }) { return cached }
        let certificate = try CertificateInspector.parseCertificate(pem, field: field)
        certificates.withLock { Self.insert(certificate, at: digest, into: &$0) }
        return certificate
    }

    func signingKey(_ pem: SecretValue) throws(OBCError) -> SigningKey {
        let digest = SHA256.hash(data: Data(pem.revealed.utf8))
        if let cached = keys.withLock({ $0[digest] }) { return cached }
        let key = try SigningKey(pem: pem)
        keys.withLock { Self.insert(key, at: digest, into: &$0) }
        return key
    }

    static func insert<Value>(_ value: Value, at digest: SHA256.Digest, into cache: inout [SHA256.Digest: Value]) {
        if cache.count >= limit { cache.removeAll() }
        cache[digest] = value
    }
}
