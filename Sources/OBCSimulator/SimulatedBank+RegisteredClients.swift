import Foundation
import Hummingbird
import OBCCore
import OBCPluginAPI
import X509

/// `GET` and `DELETE /register/{ClientId}`: a registered client, read or removed with its
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
}
