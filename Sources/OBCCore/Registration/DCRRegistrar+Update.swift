import Foundation
import OBCPluginAPI

/// `PUT /register/{ClientId}` (DCR §3.3): the registration rebuilt and signed as for `POST`,
/// sent with the bearer token the profile uses for its registered-client endpoints.
extension DCRRegistrar {
    /// Sends the update and reads the bank's answer, which must name the same client.
    func update(
        _ client: BankClient, endpoint: String, profile: BankProfile, group: any BankGroupBehaviour, issuer: String,
        credentials: RegistrationCredentials, ssa: SoftwareStatementAssertion, redirectUris: [String], scope: RegistrationScope
    ) async throws -> RegistrationResponse {
        guard let translator = registry.dcrTranslators[profile.dcrVersion] else {
            throw OBCError(.misconfigured, "No plugin translates DCR \(profile.dcrVersion), which \(profile.id) uses.")
        }
        let claims = try Self.claims(
            profile: profile, group: group, issuer: issuer, credentials: credentials, ssa: ssa, redirectUris: redirectUris, scope: scope,
            issuedAt: Int(now().timeIntervalSince1970), jwtId: UUID().lowercasedText)
        let jws = try await CompactJWS.sign(
            claims: translator.wireClaims(for: claims, quirks: profile.quirks), signer: credentials.signer, algorithm: .ps256,
            keyId: credentials.signingKeyId)
        let clientId = client.externalApiId ?? ""
        let url = RegisteredClientOperations.clientURL(endpoint, clientId)
        let response = try await RegisteredClientOperations.failingAsGateway {
            let token = try await clients.token(for: client, profile: profile, group: group, credentials: credentials)
            return try await http.exchange(
                OutboundRequest(
                    method: "PUT", url: url,
                    headers: [
                        ("Authorization", "Bearer \(token.revealed)"), ("Content-Type", group.registrationContentType(for: profile)),
                        ("Accept", "application/json"),
                    ],
                    body: Data(jws.utf8), identity: credentials.transport, endpoint: .registrationUpdate, bankProfile: profile.id),
                purpose: "Bank registration update (DCR)")
        }
        guard let body = response.json else {
            throw OBCError(.upstream(status: 502), "The bank's registration update at \(endpoint) answered without a JSON body.")
        }
        let answer = try group.readRegistrationResponse(body, for: profile, method: client.tokenEndpointAuthMethod, translator: translator)
        guard answer.clientId == clientId else {
            throw OBCError(.upstream(status: 502), "The bank answered the update of client \(clientId) with client \(answer.clientId).")
        }
        return answer
    }
}
