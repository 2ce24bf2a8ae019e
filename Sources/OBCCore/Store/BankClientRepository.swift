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

/// Keeps the shared OAuth2 clients. Implementations make "one live client per registration
/// group" a database constraint, so it holds across processes.
public protocol BankClientRepository: Sendable {
    /// Atomically: returns the group's active client, or claims the group with `candidate`
    /// (taking over a pending claim older than `staleBefore`), or reports it busy.
    func claim(_ candidate: BankClient, staleBefore: Date) async throws -> BankClientClaim
    func find(id: UUID) async throws -> BankClient?
    /// Records the bank's client and marks it active; only the claim holder may do this.
    func activate(_ client: BankClient) async throws
    /// Gives up a pending claim (the DCR failed), so another request may try.
    func release(id: UUID, claimedBy: UUID) async throws
    func softDelete(id: UUID, at date: Date) async throws
    /// Live registrations that use the client.
    func liveRegistrationCount(clientId: UUID) async throws -> Int
}
