import Foundation
import Logging
import OBCPluginAPI

/// Creates, reads, updates (at the bank) and deletes bank registrations: DCR in the bank's version over mutual TLS,
/// or a client the TPP supplies, shared within a registration group. One request per group
/// performs the DCR; concurrent ones (in this process or another on the same database) wait
/// for it and re-use the client.
public struct BankRegistrationService: Sendable {
    let registry: PluginRegistry
    let store: any Store
    let secrets: SecretResolver
    let sealer: SecretSealer
    let configuration: ConfigurationValues
    let now: @Sendable () -> Date
    let logger: Logger
    let contexts: RegistrationContextLoader
    let groupClaim: RegistrationGroupClaim
    let registrar: DCRRegistrar
    let clients: RegisteredClientOperations
    let updates = RegistrationUpdateFlights()

    public init(
        registry: PluginRegistry, store: any Store, secrets: SecretResolver, sealer: SecretSealer, http: any OutboundHTTP,
        configuration: ConfigurationValues, now: @escaping @Sendable () -> Date, logger: Logger = Logger(label: "obc"),
        lease: RegistrationLease = RegistrationLease()
    ) {
        self.registry = registry
        self.store = store
        self.secrets = secrets
        self.sealer = sealer
        self.configuration = configuration
        self.now = now
        self.logger = logger
        self.contexts = RegistrationContextLoader(
            store: store, secrets: secrets, directory: DirectoryClient(http: http, now: now), configuration: configuration)
        self.groupClaim = RegistrationGroupClaim(store: store, now: now, lease: lease)
        let clients = RegisteredClientOperations(
            registry: registry, store: store, http: http, tokens: BankAccessTokens(http: http, sealer: sealer, now: now))
        self.clients = clients
        self.registrar = DCRRegistrar(registry: registry, http: http, sealer: sealer, clients: clients, now: now)
    }

    // MARK: Create

    public func create(_ request: Request) async throws -> Result {
        // Outbound calls made for this registration (the Directory's too) carry its profile.
        try await OutboundCallScope.$bankProfile.withValue(request.bankProfile) { try await createInScope(request) }
    }

    func createInScope(_ request: Request) async throws -> Result {
        let (profile, group) = try bankGroup(of: request.bankProfile)
        try RegistrationRules.validate(request, profile: profile)
        let context = try await contexts.context(for: request.softwareStatementId)
        try await requireUnexpiredCertificates(of: context.statement)
        let locator = locator(for: request)
        let key = try await groupClaim.key(for: request, profile: profile, group: group, locator: locator, context: context)
        switch try await groupClaim.claim(key, request: request, profile: profile) {
        case .active(let client):
            return try await reuse(client, request: request, profile: profile, statement: context.statement)
        case .claimed(let client):
            let interrupted = try await reportInterruptedAttempts(under: client)
            var result = try await renewingClaim(client) {
                try await register(client, request: request, profile: profile, group: group, locator: locator, context: context)
            }
            result.warnings += interrupted
            return result
        }
    }

    /// Re-uses the group's client, refusing a request whose settings the client cannot honour.
    func reuse(_ client: BankClient, request: Request, profile: BankProfile, statement: SoftwareStatement) async throws -> Result {
        try RegistrationRules.requireCompatible(request, with: client, profile: profile)
        try await requireSameSecret(
            request.externalApiSecret, request.externalApiSecretFromSecrets, client: client, purpose: .clientSecret, field: "ExternalApiSecret")
        try await requireSameSecret(
            request.registrationAccessToken, request.registrationAccessTokenFromSecrets, client: client, purpose: .registrationAccessToken,
            field: "RegistrationAccessToken")
        let registration = try RegistrationRules.registration(for: client, request: request, profile: profile, statement: statement, now: now())
        try await store.bankRegistrations.insert(registration)
        return Result(
            registration: registration, externalApiResponse: nil,
            warnings: [
                "Re-used client \(client.externalApiId ?? "") of registration group \(client.key.registrationGroup); no new client was registered at the bank."
            ])
    }

    /// Holds the claim: supplies or registers the client, makes it active, then stores the
    /// registration. A client the bank created but that cannot be kept is abandoned.
    func register(
        _ claimed: BankClient, request: Request, profile: BankProfile, group: any BankGroupBehaviour, locator: any BankLocator,
        context: RegistrationContext
    ) async throws -> Result {
        var client = claimed
        var bankResponse: RegistrationResponse?
        var attempt: RegistrationAttempt?
        do {
            let credentials = try await context.credentials()
            let ssa = try await context.assertion()
            let (redirectUris, scope) = try RegistrationRules.clientSettings(for: request, statement: context.statement, ssa: ssa)
            let (issuer, openID) = try await registrar.discover(profile: profile, group: group, locator: locator, transport: credentials.transport)
            client.configure(scope: scope, redirectUris: redirectUris, openID: openID)
            if let externalApiId = request.externalApiId {
                client.externalApiId = externalApiId
                try await storeSuppliedSecrets(request, owner: client.id)
            } else {
                try await registrar.requireKeyToSealIssuedSecrets()
                attempt = try await recordAttempt(under: client)
                let response = try await registrar.register(
                    profile: profile, group: group, issuer: issuer, openID: openID, credentials: credentials, ssa: ssa, redirectUris: redirectUris,
                    scope: scope, jwtId: attempt?.jwtId ?? UUID().lowercasedText)
                bankResponse = response
                await learn(response.clientId, in: attempt)
                client.externalApiId = response.clientId
                try await sealIssuedSecrets(response, owner: client.id)
            }
            client.statementRevision = context.statement.revision
            try await store.bankClients.activate(client)
            await finish(attempt)
        } catch {
            let error = await settle(attempt, after: error, answered: bankResponse != nil)
            if let response = bankResponse, let credentials = try? await context.credentials() {
                await registrar.abandon(client, clientId: response.clientId, profile: profile, group: group, credentials: credentials)
            }
            try? await store.bankClients.release(id: client.id, claimedBy: client.claimedBy)
            throw error
        }
        let registration = try RegistrationRules.registration(
            for: client, request: request, profile: profile, statement: context.statement, now: now())
        do {
            try await store.bankRegistrations.insert(registration)
        } catch {
            // The bank has the client. Delete it there when the bank allows; otherwise the active
            // client row stays, so a retry re-uses it instead of registering a second one.
            if bankResponse != nil, group.registrationEndpoints(for: profile).delete, let credentials = try? await context.credentials() {
                await registrar.abandon(client, clientId: client.externalApiId ?? "", profile: profile, group: group, credentials: credentials)
                try? await store.bankClients.softDelete(id: client.id, at: now())
            }
            throw error
        }
        return Result(registration: registration, externalApiResponse: bankResponse?.redacted, warnings: [])
    }

    // MARK: Read and delete

    public func get(id: UUID, excludeExternalApiOperation: Bool) async throws -> Result {
        var registration = try await store.bankRegistrations.require(id: id)
        let (profile, group) = try bankGroup(of: registration.bankProfile)
        registration.defaultResponseMode = registration.defaultResponseMode ?? RegistrationDefaults.responseMode(requested: nil, profile: profile)
        guard !excludeExternalApiOperation, group.registrationEndpoints(for: profile).get, let endpoint = registration.registrationEndpoint else {
            return Result(registration: registration, externalApiResponse: nil, warnings: [])
        }
        let context = try await contexts.context(of: registration)
        let response = try await clients.read(registration, endpoint: endpoint, profile: profile, group: group, context: context)
        return Result(registration: registration, externalApiResponse: response, warnings: [])
    }

    /// Soft-deletes the registration; deletes the client at the bank when the bank allows,
    /// the caller did not opt out, and no other live registration still uses it. A client
    /// the bank cannot delete is named in a warning, and logged.
    public func delete(id: UUID, excludeExternalApiOperation: Bool, by deletedBy: String? = nil) async throws -> [String] {
        let registration = try await store.bankRegistrations.require(id: id)
        let (profile, group) = try bankGroup(of: registration.bankProfile)
        let client = try await clients.client(of: registration)
        // Removed here first, with the client when this was its last use, in one store
        // operation: a concurrent re-use either is counted or finds no client to re-use.
        let removal = try await store.bankClients.removeRegistration(id, clientId: registration.bankClientId, at: now(), by: deletedBy)
        let deletable = group.registrationEndpoints(for: profile).delete ? registration.registrationEndpoint : nil
        switch (excludeExternalApiOperation, removal, deletable) {
        case (true, _, _), (false, .clientKept, nil):
            return []
        case (false, .clientKept(let others), .some):
            return ["Client \(registration.externalApiId) is still used by \(others) other registration(s), so it was not deleted at the bank."]
        case (false, .clientRetired, nil):
            let warning =
                "Client \(registration.externalApiId) was not deleted at bank \(profile.id): the bank offers no DELETE /register/{ClientId}, so the client lives on there until it is removed in the bank's developer portal."
            logger.warning("\(warning)", metadata: ["bankRegistrationId": "\(registration.id.lowercasedText)"])
            return [warning]
        case (false, .clientRetired, .some(let endpoint)):
            do {
                let credentials = try await contexts.context(of: registration).credentials()
                try await clients.delete(client, endpoint: endpoint, profile: profile, group: group, credentials: credentials)
                return []
            } catch var error as OBCError {
                error.detail =
                    "The registration was removed here, but deleting client \(registration.externalApiId) at bank \(profile.id) failed, so it may live on there: \(error.detail)"
                logger.warning("\(error.detail)", metadata: ["bankRegistrationId": "\(registration.id.lowercasedText)"])
                throw error
            }
        }
    }

    // MARK: Steps

    func bankGroup(of profileId: String) throws(OBCError) -> (BankProfile, any BankGroupBehaviour) {
        let profile = try BankProfileCatalog(registry: registry, configuration: configuration).profile(profileId)
        guard let group = registry.bankGroups[profile.group] else {
            throw OBCError(.misconfigured, "Bank group \(profile.group) is not registered.")
        }
        return (profile, group)
    }

    func locator(for request: Request) -> any BankLocator {
        request.useSimulatedBank ? SimulatorBankLocator(configuration: configuration) : ProfileBankLocator()
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

    func sealIssuedSecrets(_ response: RegistrationResponse, owner: UUID) async throws {
        if let secret = response.clientSecret { try await sealer.store(secret, owner: owner, purpose: .clientSecret) }
        if let token = response.registrationAccessToken { try await sealer.store(token, owner: owner, purpose: .registrationAccessToken) }
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
}

extension BankClient {
    /// What the client is registered with: its scope, redirect URIs and the bank's endpoints.
    mutating func configure(scope: RegistrationScope, redirectUris: [String], openID: OpenIDConfiguration) {
        registrationScope = scope
        self.redirectUris = redirectUris
        jwksUri = openID.jwksUri
        tokenEndpoint = openID.tokenEndpoint
        authorizationEndpoint = openID.authorizationEndpoint
        registrationEndpoint = openID.registrationEndpoint
    }
}
