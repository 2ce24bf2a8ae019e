import Foundation
import OBCCore
import OBCPluginAPI

/// Shared OAuth2 clients: one live client per registration group, claimed, renewed, taken
/// over and activated inside the state's critical section.
struct MemoryBankClientRepository: BankClientRepository {
    let state: MemoryState

    func claim(_ candidate: BankClient, owner: UUID, staleBefore: Date) async throws -> BankClientClaim {
        try state.withTables { tables in
            guard let existing = tables.clients.values.first(where: { $0.deleted == nil && $0.client.key == candidate.key }) else {
                tables.clients[candidate.id] = MemoryClient(client: candidate, claimInstance: owner)
                return .claimed(candidate)
            }
            if existing.client.state == .active { return .active(existing.client) }
            let ownerLive = existing.claimInstance.flatMap { tables.heartbeats[$0] }?.isLive(at: candidate.claimedAt) ?? false
            guard existing.client.claimedAt < staleBefore, !ownerLive else { return .busy }
            // The holder stopped without finishing (crashed or killed): take the claim over.
            var taken = existing
            taken.client.claimedBy = candidate.claimedBy
            taken.client.claimedAt = candidate.claimedAt
            taken.claimInstance = owner
            tables.clients[existing.client.id] = taken
            return .claimed(taken.client)
        }
    }

    func renew(id: UUID, claimedBy: UUID, at date: Date) async throws {
        try state.withTables { tables in
            guard let held = tables.clients[id], held.client.claimedBy == claimedBy, held.client.state == .pending else { return }
            tables.clients[id]?.client.claimedAt = date
        }
    }

    func find(id: UUID) async throws -> BankClient? {
        try state.read { $0.clients[id]?.client }
    }

    func activate(_ client: BankClient) async throws {
        try state.withTables { tables in
            guard let held = tables.clients[client.id], held.deleted == nil, held.client.claimedBy == client.claimedBy else {
                throw OBCError(.conflict, "The claim on registration group \(client.key.registrationGroup) was taken over by another request.")
            }
            var active = client
            active.state = .active
            tables.clients[client.id]?.client = active
        }
    }

    func release(id: UUID, claimedBy: UUID) async throws {
        try state.withTables { tables in
            guard let held = tables.clients[id], held.client.claimedBy == claimedBy, held.client.state == .pending else { return }
            tables.clients[id] = nil
        }
    }

    func softDelete(id: UUID, at date: Date) async throws {
        try state.withTables { tables in tables.clients[id]?.deleted = date }
    }

    func removeRegistration(_ registrationId: UUID, clientId: UUID, at date: Date, by deletedBy: String?) async throws -> BankClientRemoval {
        try state.withTables { tables in
            guard var registration = tables.live(BankRegistration.self, id: registrationId), registration.bankClientId == clientId else {
                throw OBCError.notFound(.bankRegistration, id: registrationId)
            }
            registration.metadata.isDeleted = true
            registration.metadata.isDeletedModified = date
            registration.metadata.isDeletedModifiedBy = deletedBy
            tables.records[.bankRegistration, default: [:]][registrationId] = registration
            let others = Self.liveRegistrations(of: clientId, in: tables)
            guard others == 0 else { return .clientKept(otherUsers: others) }
            tables.clients[clientId]?.deleted = date
            return .clientRetired
        }
    }

    func liveRegistrationCount(clientId: UUID) async throws -> Int {
        try state.read { Self.liveRegistrations(of: clientId, in: $0) }
    }

    static func liveRegistrations(of clientId: UUID, in tables: MemoryTables) -> Int {
        tables.liveRecords(.bankRegistration).filter { ($0 as? BankRegistration)?.bankClientId == clientId }.count
    }
}
