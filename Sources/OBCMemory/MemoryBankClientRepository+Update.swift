import Foundation
import OBCCore
import OBCPluginAPI

/// The update claim on an active client, inside the state's critical section: one request
/// holds it; a holder that stopped renewing and has no live heartbeat is taken over.
extension MemoryBankClientRepository {
    func claimUpdate(id: UUID, claimant: UUID, owner: UUID, at date: Date, staleBefore: Date) async throws -> Bool {
        try state.withTables { tables in
            guard let held = tables.clients[id], held.deleted == nil else {
                throw OBCError(.conflict, "Client \(id.lowercasedText) was removed; register again.")
            }
            if let update = held.update, update.claimant != claimant {
                let holderLive = tables.heartbeats[update.instance]?.isLive(at: date) ?? false
                guard update.renewedAt < staleBefore, !holderLive else { return false }
            }
            tables.clients[id]?.update = (claimant, date, owner)
            return true
        }
    }

    func renewUpdate(id: UUID, claimant: UUID, at date: Date) async throws {
        try state.withTables { tables in
            guard let update = tables.clients[id]?.update, update.claimant == claimant else { return }
            tables.clients[id]?.update = (claimant, date, update.instance)
        }
    }

    func finishUpdate(_ client: BankClient, claimant: UUID) async throws {
        try state.withTables { tables in
            guard let held = tables.clients[client.id], held.deleted == nil, held.update?.claimant == claimant else {
                throw OBCError(.conflict, "The update of client \(client.externalApiId ?? "") was taken over by another request.")
            }
            tables.clients[client.id]?.client = client
            tables.clients[client.id]?.update = nil
        }
    }

    func releaseUpdate(id: UUID, claimant: UUID) async throws {
        try state.withTables { tables in
            if tables.clients[id]?.update?.claimant == claimant { tables.clients[id]?.update = nil }
        }
    }
}
