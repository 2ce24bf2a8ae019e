import Foundation
import OBCCore

/// A `BankClientRepository` with a span around each operation.
struct TracedBankClientRepository: BankClientRepository {
    let wrapped: any BankClientRepository
    let spans: StoreSpans

    func claim(_ candidate: BankClient, owner: UUID, staleBefore: Date) async throws -> BankClientClaim {
        try await spans.run("claim") { try await wrapped.claim(candidate, owner: owner, staleBefore: staleBefore) }
    }

    func renew(id: UUID, claimedBy: UUID, at date: Date) async throws {
        try await spans.run("renew") { try await wrapped.renew(id: id, claimedBy: claimedBy, at: date) }
    }

    func find(id: UUID) async throws -> BankClient? {
        try await spans.run("find") { try await wrapped.find(id: id) }
    }

    func activate(_ client: BankClient) async throws {
        try await spans.run("activate") { try await wrapped.activate(client) }
    }

    func release(id: UUID, claimedBy: UUID) async throws {
        try await spans.run("release") { try await wrapped.release(id: id, claimedBy: claimedBy) }
    }

    func softDelete(id: UUID, at date: Date) async throws {
        try await spans.run("softDelete") { try await wrapped.softDelete(id: id, at: date) }
    }

    func removeRegistration(_ registrationId: UUID, clientId: UUID, at date: Date, by deletedBy: String?) async throws -> BankClientRemoval {
        try await spans.run("removeRegistration") {
            try await wrapped.removeRegistration(registrationId, clientId: clientId, at: date, by: deletedBy)
        }
    }

    func liveRegistrationCount(clientId: UUID) async throws -> Int {
        try await spans.run("liveRegistrationCount") { try await wrapped.liveRegistrationCount(clientId: clientId) }
    }

    func claimUpdate(id: UUID, claimant: UUID, owner: UUID, at date: Date, staleBefore: Date) async throws -> Bool {
        try await spans.run("claimUpdate") {
            try await wrapped.claimUpdate(id: id, claimant: claimant, owner: owner, at: date, staleBefore: staleBefore)
        }
    }

    func renewUpdate(id: UUID, claimant: UUID, at date: Date) async throws {
        try await spans.run("renewUpdate") { try await wrapped.renewUpdate(id: id, claimant: claimant, at: date) }
    }

    func finishUpdate(_ client: BankClient, claimant: UUID) async throws {
        try await spans.run("finishUpdate") { try await wrapped.finishUpdate(client, claimant: claimant) }
    }

    func releaseUpdate(id: UUID, claimant: UUID) async throws {
        try await spans.run("releaseUpdate") { try await wrapped.releaseUpdate(id: id, claimant: claimant) }
    }
}
