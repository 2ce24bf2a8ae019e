import Foundation
import OBCPluginAPI

/// What resolving an interrupted registration did.
public struct InterruptedResolution: Sendable {
    public var attempt: RegistrationAttempt
    /// The client deleted at the bank, when one was.
    public var deletedClientId: String?
    /// What the operator still has to do, when the client could not be deleted from here.
    public var warnings: [String]
}

/// Resolving an interrupted registration: delete its client at the bank where the bank's
/// `client_id` was learned, the bank offers `DELETE /register/{ClientId}`, and the call needs
/// nothing that died with the process; then remove it from the list.
extension BankRegistrationService {
    public func resolveInterrupted(id: UUID) async throws -> InterruptedResolution {
        guard let attempt = try await store.registrationAttempts.listInterrupted().first(where: { $0.id == id }) else {
            throw OBCError(.notFound, "No interrupted registration with ID \(id.lowercasedText) exists.")
        }
        var resolution = InterruptedResolution(attempt: attempt, deletedClientId: nil, warnings: [])
        if let reason = try whyNotDeletable(attempt) {
            resolution.warnings = [
                "Client of the interrupted registration \(id.lowercasedText) was not deleted at bank \(attempt.bankProfile): \(reason) "
                    + "Ask the bank to remove the client registered with jti \(attempt.jwtId)."
            ]
        } else {
            try await deleteAtBank(attempt)
            resolution.deletedClientId = attempt.externalApiId
        }
        _ = try await store.registrationAttempts.resolve(id: id)
        return resolution
    }

    /// Nil when the client can be deleted from here; else why not, in a sentence.
    func whyNotDeletable(_ attempt: RegistrationAttempt) throws -> String? {
        guard attempt.externalApiId != nil else {
            return "the bank never answered the attempt, so its client_id is unknown here."
        }
        let (profile, group) = try bankGroup(of: attempt.bankProfile)
        let endpoints = group.registrationEndpoints(for: profile)
        guard endpoints.delete else { return "the bank offers no DELETE /register/{ClientId}." }
        guard !endpoints.useRegistrationAccessToken, [.tlsClientAuth, .privateKeyJwt].contains(profile.tokenEndpointAuthMethod) else {
            return "deleting needs the registration access token or client secret issued with that client, which were never stored."
        }
        return nil
    }

    /// Deletes the attempt's client: discovery for the bank's endpoints, then a client-credentials
    /// token as that client (mutual TLS or `private_key_jwt`) and `DELETE /register/{ClientId}`.
    func deleteAtBank(_ attempt: RegistrationAttempt) async throws {
        let (profile, group) = try bankGroup(of: attempt.bankProfile)
        let claimRow = try await store.bankClients.find(id: attempt.bankClientId)
        let credentials = try await contexts.context(for: attempt.softwareStatementId).credentials()
        let simulated = claimRow?.useSimulatedBank ?? false
        let locator: any BankLocator = simulated ? SimulatorBankLocator(configuration: configuration) : ProfileBankLocator()
        let (_, openID) = try await registrar.discover(profile: profile, group: group, locator: locator, transport: credentials.transport)
        guard let endpoint = openID.registrationEndpoint else {
            throw OBCError(.upstream(status: 502), "The OpenID configuration of \(profile.id) has no registration_endpoint.")
        }
        // A client of its own (its own id keeps the token cache apart from the group's client).
        var orphan = BankClient.orphan(of: attempt, profile: profile, simulated: simulated)
        orphan.configure(scope: claimRow?.registrationScope ?? [], redirectUris: [], openID: openID)
        try await clients.delete(orphan, endpoint: endpoint, profile: profile, group: group, credentials: credentials)
    }
}

extension BankClient {
    /// The client an interrupted attempt left at the bank, as far as it is known here.
    static func orphan(of attempt: RegistrationAttempt, profile: BankProfile, simulated: Bool) -> BankClient {
        BankClient(
            id: attempt.id,
            key: Key(softwareStatementId: attempt.softwareStatementId, bankGroup: attempt.bankGroup, registrationGroup: attempt.registrationGroup),
            state: .active, claimedBy: attempt.id, claimedAt: attempt.attemptedAt, created: attempt.attemptedAt, bankProfile: attempt.bankProfile,
            externalApiId: attempt.externalApiId, registrationScope: [], tokenEndpointAuthMethod: profile.tokenEndpointAuthMethod,
            useSimulatedBank: simulated)
    }
}
