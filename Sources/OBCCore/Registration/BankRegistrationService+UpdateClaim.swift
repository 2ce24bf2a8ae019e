import Foundation
import OBCPluginAPI

/// The store's update claim on a client, so instances on one database make one
/// `PUT /register/{ClientId}` for concurrent updates: the first claims the client; the others wait
/// (at most `lease.maximumWait`) and then share the update made meanwhile, or make their own
/// when it failed. The claim is a lease like the registration group's (`RegistrationLease`).
extension BankRegistrationService {
    func updateHoldingClaim(of registration: BankRegistration, endpoint: String, profile: BankProfile, group: any BankGroupBehaviour)
        async throws -> RegistrationResponse?
    {
        let lease = groupClaim.lease
        let claimant = UUID()
        let before = try await clients.client(of: registration)
        let deadline = now().addingTimeInterval(lease.maximumWait)
        var waited = false
        while try await !claimUpdate(before.id, claimant: claimant) {
            waited = true
            guard now() < deadline else {
                throw OBCError(
                    .unavailable,
                    "Client \(before.externalApiId ?? "") of bank profile \(profile.id) is still being updated by another request; waited \(Int(lease.maximumWait)) s; retry shortly."
                )
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        if waited, let current = try await store.bankClients.find(id: before.id), current.updatedAt != before.updatedAt {
            // Another process updated the client while this request waited: that is its outcome.
            try? await store.bankClients.releaseUpdate(id: before.id, claimant: claimant)
            return nil
        }
        do {
            return try await renewingUpdateClaim(before.id, claimant: claimant) {
                try await updateClient(of: registration, endpoint: endpoint, profile: profile, group: group, claimant: claimant)
            }
        } catch {
            try? await store.bankClients.releaseUpdate(id: before.id, claimant: claimant)
            throw error
        }
    }

    func claimUpdate(_ clientId: UUID, claimant: UUID) async throws -> Bool {
        let date = now()
        let lease = groupClaim.lease
        return try await store.bankClients.claimUpdate(
            id: clientId, claimant: claimant, owner: lease.instanceId, at: date, staleBefore: date.addingTimeInterval(-lease.lifetime))
    }

    /// Runs `body` while renewing the update claim every `lease.renewal`.
    func renewingUpdateClaim<T: Sendable>(_ clientId: UUID, claimant: UUID, _ body: () async throws -> T) async throws -> T {
        let (store, now, interval) = (self.store, self.now, groupClaim.lease.renewal)
        let renewal = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { return }
                try? await store.bankClients.renewUpdate(id: clientId, claimant: claimant, at: now())
            }
        }
        defer { renewal.cancel() }
        return try await body()
    }
}
