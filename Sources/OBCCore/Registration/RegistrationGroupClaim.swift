import Foundation
import OBCPluginAPI

/// One client per (software statement, bank group, registration group): the first request
/// claims the group in the store and registers; the others re-use the active client, or
/// wait while a live claim is held (in this process or another on the same database), at most
/// `lease.maximumWait` (see `RegistrationLease`).
struct RegistrationGroupClaim: Sendable {
    enum Outcome {
        /// The group has a client: re-use it.
        case active(BankClient)
        /// This request holds the group and must supply or register the client.
        case claimed(BankClient)
    }

    let store: any Store
    let now: @Sendable () -> Date
    let lease: RegistrationLease

    /// The group's key. A group that depends on the scope takes it from the request,
    /// else from the SSA.
    func key(
        for request: BankRegistrationService.Request, profile: BankProfile, group: any BankGroupBehaviour, locator: any BankLocator,
        context: RegistrationContext
    ) async throws -> BankClient.Key {
        var scope = request.registrationScope ?? []
        if group.registrationGroupDependsOnScope, request.registrationScope == nil {
            scope = try await context.assertion().registrationScope
        }
        let registrationGroup = try group.registrationGroup(for: profile, scope: scope)
        return BankClient.Key(
            softwareStatementId: context.statement.id, bankGroup: profile.group,
            registrationGroup: locator.registrationGroupPrefix + registrationGroup)
    }

    /// Claims the group, waiting out another request's live claim up to `lease.maximumWait`;
    /// then `unavailable` naming the group (the caller may retry).
    func claim(_ key: BankClient.Key, request: BankRegistrationService.Request, profile: BankProfile) async throws -> Outcome {
        let claimant = UUID()
        let deadline = now().addingTimeInterval(lease.maximumWait)
        while true {
            let date = now()
            let candidate = BankClient(
                key: key, state: .pending, claimedBy: claimant, claimedAt: date, created: date, bankProfile: profile.id,
                registrationScope: request.registrationScope ?? [], tokenEndpointAuthMethod: profile.tokenEndpointAuthMethod,
                useSimulatedBank: request.useSimulatedBank)
            switch try await store.bankClients.claim(candidate, owner: lease.instanceId, staleBefore: date.addingTimeInterval(-lease.lifetime)) {
            case .active(let client): return .active(client)
            case .claimed(let client): return .claimed(client)
            case .busy:
                guard now() < deadline else {
                    throw OBCError(
                        .unavailable,
                        "Registration group \(key.registrationGroup) of bank group \(profile.group) is still being registered by another request; waited \(Int(lease.maximumWait)) s; retry shortly."
                    )
                }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }
}
