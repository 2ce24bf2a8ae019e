import Foundation
import Hummingbird
import OBCCore
import OBCPluginAPI
import X509

/// `GET`, `PUT` and `DELETE /register/{ClientId}`: a registered client, read, updated or removed with its
/// registration access token or a client-credentials token, as the profile says.
extension SimulatedBank {
    /// The client a GET/DELETE addresses, authorised by its registration access token or a
    /// client-credentials token, as the profile says.
    func authorisedClient(_ profile: BankProfile, _ clientId: String, _ request: Request) throws(SimulatorError) -> SimulatorState.StoredClient {
        guard let token = Simulated.bearerToken(request) else { throw .unauthorized("A bearer token is required.") }
        let stored: SimulatorState.StoredClient? = environment.state.withValues { values in
            guard let client = values.clients[profile.id]?[clientId] else { return nil }
            if profile.useRegistrationAccessToken { return client.registrationAccessToken == token ? client : nil }
            guard let issued = values.bankTokens[token], issued.profileId == profile.id, issued.clientId == clientId, issued.expiry > Date()
            else { return nil }
            return client
        }
        guard let stored else {
            // DCR spec: an unknown client id, or a token not issued to it, is 401 and revokes the token.
            environment.state.withValues { _ = $0.bankTokens.removeValue(forKey: token) }
            throw .unauthorized("The token is not valid for client \(clientId).")
        }
        return stored
    }

    func readRegistration(_ profileId: String, _ clientId: String, _ request: Request) throws -> Response {
        let profile = try profile(profileId)
        guard profile.useRegistrationGetEndpoint else {
            throw SimulatorError.problem(405, "Method Not Allowed", "\(profileId) does not support GET /register/{ClientId}.")
        }
        environment.state.withValues { $0.registrationGets[profileId, default: 0] += 1 }
        return HTTPReply.json(try authorisedClient(profile, clientId, request).response)
    }

    func deleteRegistration(_ profileId: String, _ clientId: String, _ request: Request) throws -> Response {
        let profile = try profile(profileId)
        guard profile.useRegistrationDeleteEndpoint else {
            throw SimulatorError.problem(405, "Method Not Allowed", "\(profileId) does not support DELETE /register/{ClientId}.")
        }
        _ = try authorisedClient(profile, clientId, request)
        environment.state.withValues { values in
            values.clients[profileId]?[clientId] = nil
            values.bankTokens = values.bankTokens.filter { $0.value.clientId != clientId }
            values.deletedClients.append(clientId)
        }
        return HTTPReply.empty(status: 204)
    }

    /// The same request checks as `POST /register`, for the client the path names: the request
    /// may not name another client, software statement or authentication method.
    func updateRegistration(_ profileId: String, _ clientId: String, _ request: Request, _ context: SimulatorRequestContext) async throws
        -> Response
    {
        let profile = try profile(profileId)
        let refused = environment.state.withValues { values in
            values.registrationPuts[profileId, default: 0] += 1
            return values.updatesRefused.contains(profileId)
        }
        guard !refused else { throw SimulatorError.problem(405, "Method Not Allowed", "\(profileId) does not support PUT /register/{ClientId}.") }
        var stored = try authorisedClient(profile, clientId, request)
        guard let certificate = try await context.clientCertificate() else {
            throw SimulatorError.clientMetadata("A TLS client certificate is required.")
        }
        let body = String(buffer: try await request.body.collect(upTo: 1 << 20))
        let validator = DCRRequestValidator(environment: environment, profile: profile)
        let accepted = try validator.validate(body: body, contentType: request.headers[.contentType], clientCertificate: certificate)
        if let named = accepted.claims["client_id"]?.stringValue, named != clientId {
            throw SimulatorError.clientMetadata("client_id \(named) is not \(clientId), the client being updated.")
        }
        guard accepted.ssa["software_id"]?.stringValue == stored.client.softwareId, accepted.method.rawValue == stored.client.tokenEndpointAuthMethod
        else {
            throw SimulatorError.clientMetadata("Client \(clientId) was registered by other software or with another authentication method.")
        }
        stored.response = responseBody(
            profile: profile, validator: validator, accepted: accepted, clientId: clientId, issuedAt: stored.client.issuedAt,
            secret: stored.clientSecret, registrationAccessToken: stored.registrationAccessToken)
        stored.client.redirectURIs = accepted.redirectURIs
        stored.client.scope = accepted.scopes.joined(separator: " ")
        stored.client.subjectDN = accepted.subjectDN
        environment.state.withValues { [stored] in $0.clients[profileId]?[clientId] = stored }
        return HTTPReply.json(stored.response)
    }
}
