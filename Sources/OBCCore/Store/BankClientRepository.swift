import Foundation

/// The outcome of trying to claim a registration group.
public enum BankClientClaim: Sendable {
    /// This request now holds the group and must register (or record) the client.
    case claimed(BankClient)
    /// The group already has a client: re-use it.
    case active(BankClient)
    /// Another request holds a fresh claim; wait and ask again.
    case busy
}

/// What removing a registration did to its client.
public enum BankClientRemoval: Sendable, Equatable {
    /// Other live registrations still use the client, so it stays.
    case clientKept(otherUsers: Int)
    /// The registration was the client's last use: the client was removed with it, so no
    /// request can re-use it any more (the next one for its group registers afresh).
    case clientRetired
}

/// Keeps the shared OAuth2 clients. Implementations make "one live client per registration
/// group" a database constraint, so it holds across processes.
public protocol BankClientRepository: Sendable {
    /// Atomically: returns the group's active client, or claims the group with `candidate` for
    /// the process instance `owner`, or reports it busy. A pending claim is taken over only when
    /// it was last renewed before `staleBefore` and its owner has no live heartbeat at
    /// `candidate.claimedAt` (`InstanceHeartbeat.isLive`; no row counts as not live).
    func claim(_ candidate: BankClient, owner: UUID, staleBefore: Date) async throws -> BankClientClaim
    /// Renews a pending claim (sets its `claimedAt`); nothing if another request holds it now.
    func renew(id: UUID, claimedBy: UUID, at date: Date) async throws
    func find(id: UUID) async throws -> BankClient?
    /// Records the bank's client and marks it active; only the claim holder may do this.
    func activate(_ client: BankClient) async throws
    /// Gives up a pending claim (the DCR failed), so another request may try.
    func release(id: UUID, claimedBy: UUID) async throws
    func softDelete(id: UUID, at date: Date) async throws
    /// In one transaction: soft-deletes the live registration `registrationId` and, when no
    /// other live registration uses `clientId`, the client too. A re-use that commits first is
    /// counted; one that comes later finds no client (throws `notFound` if the registration
    /// is missing or already deleted).
    func removeRegistration(_ registrationId: UUID, clientId: UUID, at date: Date, by deletedBy: String?) async throws -> BankClientRemoval
    /// Live registrations that use the client.
    func liveRegistrationCount(clientId: UUID) async throws -> Int

    // MARK: Updating an active client at the bank (one `PUT /register/{ClientId}` at a time)

    /// Atomically: gives `claimant` (of process instance `owner`) the right to update the live
    /// active client `id` at the bank, when nobody holds it, or its holder last renewed it before
    /// `staleBefore` and has no live heartbeat at `date`. False when another holds it.
    func claimUpdate(id: UUID, claimant: UUID, owner: UUID, at date: Date, staleBefore: Date) async throws -> Bool
    /// Renews `claimant`'s update claim; nothing if it no longer holds it.
    func renewUpdate(id: UUID, claimant: UUID, at date: Date) async throws
    /// Stores the updated client (its configuration, revision and `updatedAt`) and gives up the
    /// claim; throws `conflict` when `claimant` no longer holds it (nothing is stored then).
    func finishUpdate(_ client: BankClient, claimant: UUID) async throws
    /// Gives up `claimant`'s update claim without storing anything (the update failed).
    func releaseUpdate(id: UUID, claimant: UUID) async throws
}
