import Foundation
import OBCPluginAPI

/// Updating a registration's client at the bank (`PUT /register/{ClientId}`) from its software
/// statement as it is now: a fresh SSA, the current certificates, the SSA's redirect URIs and
/// the client's scope. The client is shared by its registration group, so it is updated once
/// and every registration on it takes the result. A failure changes nothing stored.
extension BankRegistrationService {
    public func update(id: UUID) async throws -> Result {
        let registration = try await store.bankRegistrations.require(id: id)
        let (profile, group) = try bankGroup(of: registration.bankProfile)
        guard group.registrationEndpoints(for: profile).put, let endpoint = registration.registrationEndpoint else {
            throw OBCError(.conflict, Self.updateUnsupported(profile))
        }
        let response = try await OutboundCallScope.$bankProfile.withValue(profile.id) {
            try await updates.run(clientId: registration.bankClientId) {
                try await updateHoldingClaim(of: registration, endpoint: endpoint, profile: profile, group: group)
            }
        }
        let updated = try await store.bankRegistrations.require(id: id)
        return Result(registration: updated, externalApiResponse: response?.redacted, warnings: [])
    }

    static func updateUnsupported(_ profile: BankProfile) -> String {
        let key = BankProfileSetting.useRegistrationPutEndpoint.keys(for: profile)[0]
        return
            "Bank profile \(profile.id) does not support updating a client (PUT /register/{ClientId}). Delete the registration and register again; or, if the bank does support it, set \(key) to true."
    }

    /// Holds the client's flight: rebuilds and sends the update, then stores the bank's answer
    /// on the client and on each of its registrations.
    func updateClient(
        of registration: BankRegistration, endpoint: String, profile: BankProfile, group: any BankGroupBehaviour, claimant: UUID
    ) async throws -> RegistrationResponse {
        var client = try await clients.client(of: registration)
        let context = try await contexts.context(of: registration)
        let credentials = try await context.credentials()
        let ssa = try await context.assertion()
        let registrations = try await store.bankRegistrations.list().filter { $0.bankClientId == client.id }
        let (redirectUris, scope) = try RegistrationRules.updatedClientSettings(
            client, registrations: registrations, statement: context.statement, ssa: ssa)
        let locator: any BankLocator = client.useSimulatedBank ? SimulatorBankLocator(configuration: configuration) : ProfileBankLocator()
        let (issuer, openID) = try await registrar.discover(profile: profile, group: group, locator: locator, transport: credentials.transport)
        try await registrar.requireKeyToSealIssuedSecrets()
        let response = try await registrar.update(
            client, endpoint: endpoint, profile: profile, group: group, issuer: issuer, credentials: credentials, ssa: ssa,
            redirectUris: redirectUris, scope: scope)
        client.configure(scope: scope, redirectUris: redirectUris, openID: openID)
        client.statementRevision = context.statement.revision
        client.updatedAt = now()
        try await sealIssuedSecrets(response, owner: client.id)
        try await store.bankClients.finishUpdate(client, claimant: claimant)
        for var each in registrations {
            each.take(client)
            try await store.bankRegistrations.update(each)
        }
        return response
    }
}

extension BankRegistration {
    /// What the registration copies from its client, after the client was updated at the bank.
    mutating func take(_ client: BankClient) {
        registrationScope = client.registrationScope
        redirectUris = client.redirectUris
        jwksUri = client.jwksUri
        registrationEndpoint = client.registrationEndpoint
        tokenEndpoint = client.tokenEndpoint
        authorizationEndpoint = client.authorizationEndpoint
    }
}
