import Foundation
import OBCPluginAPI

/// Calls the bank about a client it already registered: `GET` and `DELETE`
/// `/register/{ClientId}`, authorised as the group's hooks say (registration access token or
/// a client-credentials token with the hook's scope).
struct RegisteredClientOperations: Sendable {
    let registry: PluginRegistry
    let store: any Store
    let http: any OutboundHTTP
    let tokens: BankAccessTokens

    /// The bank's view of the registration's client, read with the DCR version's translator.
    func read(_ registration: BankRegistration, endpoint: String, profile: BankProfile, group: any BankGroupBehaviour, context: RegistrationContext)
        async throws -> JSONValue
    {
        let client = try await client(of: registration)
        let credentials = try await context.credentials()
        let response = try await Self.failingAsGateway {
            let token = try await token(for: client, profile: profile, group: group, credentials: credentials)
            return try await http.exchange(
                OutboundRequest(
                    method: "GET", url: Self.clientURL(endpoint, registration.externalApiId),
                    headers: [("Authorization", "Bearer \(token.revealed)"), ("Accept", "application/json")], identity: credentials.transport,
                    endpoint: .registrationRead, bankProfile: profile.id),
                purpose: "Bank registration read")
        }
        guard let translator = registry.dcrTranslators[profile.dcrVersion], let body = response.json else {
            throw OBCError(.upstream(status: 502), "The bank's registration read at \(endpoint) answered without a JSON body.")
        }
        return try group.readRegistrationResponse(body, for: profile, method: registration.tokenEndpointAuthMethod, translator: translator)
            .redacted
    }

    /// Deletes `client` (whose bank id is `externalApiId`) at the bank.
    func delete(_ client: BankClient, endpoint: String, profile: BankProfile, group: any BankGroupBehaviour, credentials: RegistrationCredentials)
        async throws
    {
        let clientId = client.externalApiId ?? ""
        _ = try await Self.failingAsGateway {
            let token = try await token(for: client, profile: profile, group: group, credentials: credentials)
            return try await http.exchange(
                OutboundRequest(
                    method: "DELETE", url: Self.clientURL(endpoint, clientId), headers: [("Authorization", "Bearer \(token.revealed)")],
                    identity: credentials.transport, endpoint: .registrationDelete, bankProfile: profile.id),
                purpose: "Bank registration delete")
        }
    }

    func client(of registration: BankRegistration) async throws -> BankClient {
        guard let client = try await store.bankClients.find(id: registration.bankClientId) else {
            throw OBCError(.internal, "Bank registration \(registration.id) names a client that does not exist.")
        }
        return client
    }

    func token(for client: BankClient, profile: BankProfile, group: any BankGroupBehaviour, credentials: RegistrationCredentials) async throws
        -> SecretValue
    {
        let endpoints = group.registrationEndpoints(for: profile)
        let scope =
            endpoints.useRegistrationAccessToken ? nil : try group.clientCredentialsScope(for: profile, registrationScope: client.registrationScope)
        return try await tokens.token(
            for: client, useRegistrationAccessToken: endpoints.useRegistrationAccessToken, scope: scope, rules: profile.quirks.tokenAnswerRules,
            transport: credentials.transport, signing: (credentials.signer, credentials.signingKeyId))
    }

    /// A bank that refuses a call on a registered client is an upstream fault, never the
    /// caller's: its status (401, 404, 500, …) becomes 502 with the status and body inside.
    /// Transport failures keep their own status (504 for a timeout).
    static func failingAsGateway<T: Sendable>(_ operation: () async throws -> T) async throws -> T {
        do {
            return try await operation()
        } catch let error as OBCError {
            guard case .upstream = error.kind, let status = error.extras["endpointStatus"] else { throw error }
            throw OBCError(.upstream(status: 502), "The bank answered HTTP \(status): \(error.detail)", extras: error.extras)
        }
    }

    static func clientURL(_ registrationEndpoint: String, _ clientId: String) -> String {
        (registrationEndpoint.hasSuffix("/") ? String(registrationEndpoint.dropLast()) : registrationEndpoint) + "/" + clientId
    }
}
