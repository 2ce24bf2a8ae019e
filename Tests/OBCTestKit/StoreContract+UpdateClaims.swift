import Foundation
import OBCCore
import OBCPluginAPI

extension StoreContract {
    /// 10 concurrent update claims on one active client: exactly one holds it; a rival waits while
    /// the holder renews or beats, and takes it over once neither; a finish by a former holder
    /// stores nothing; a finish stores the revision and `updatedAt` and frees the claim.
    static func updateClaims(_ store: any Store) async throws {
        let statement = try await statement(in: store)
        let client = try await activeClient(in: store, statement: statement.id)
        let now = Date()
        let stale = now.addingTimeInterval(-60)
        let granted = try await withThrowingTaskGroup(of: UUID?.self) { group in
            for _ in 0..<10 {
                group.addTask {
                    let claimant = UUID()
                    return try await store.bankClients.claimUpdate(id: client.id, claimant: claimant, owner: UUID(), at: now, staleBefore: stale)
                        ? claimant : nil
                }
            }
            return try await group.reduce(into: [UUID]()) { if let id = $1 { $0.append(id) } }
        }
        try require(granted.count == 1, "\(granted.count) of 10 concurrent update claims were granted")
        let holder = granted[0]
        let rival = UUID()
        try require(
            try await !store.bankClients.claimUpdate(id: client.id, claimant: rival, owner: UUID(), at: now, staleBefore: stale),
            "a fresh update claim was taken over")
        // Unrenewed for long, but its owner beats: still held.
        let owner = UUID()
        try await store.bankClients.releaseUpdate(id: client.id, claimant: holder)
        let old = now.addingTimeInterval(-600)
        try require(
            try await store.bankClients.claimUpdate(id: client.id, claimant: holder, owner: owner, at: old, staleBefore: old.addingTimeInterval(-60)),
            "a released update claim was not granted")
        try await store.instances.beat(
            InstanceHeartbeat(instanceId: owner, hostName: "h", processId: 1, startedAt: now, lastBeatAt: now, beatInterval: 10))
        try require(
            try await !store.bankClients.claimUpdate(id: client.id, claimant: rival, owner: UUID(), at: now, staleBefore: stale),
            "an old update claim whose owner beats was taken over")
        try await store.instances.remove(instanceId: owner)
        try require(
            try await store.bankClients.claimUpdate(id: client.id, claimant: rival, owner: UUID(), at: now, staleBefore: stale),
            "an unrenewed update claim of a silent owner was not taken over")
        var updated = client
        updated.redirectUris = ["https://tpp.example/renewed"]
        updated.statementRevision = statement.revision
        updated.updatedAt = now
        do {
            try await store.bankClients.finishUpdate(updated, claimant: holder)
            throw ContractViolation(description: "a former holder finished the update")
        } catch let error as OBCError where error.kind == .conflict {}
        try require(try await store.bankClients.find(id: client.id)?.redirectUris == client.redirectUris, "a former holder's update was stored")
        try await store.bankClients.renewUpdate(id: client.id, claimant: rival, at: now)
        try await store.bankClients.finishUpdate(updated, claimant: rival)
        let found = try await store.bankClients.find(id: client.id)
        try require(found?.redirectUris == updated.redirectUris, "the finished update's configuration was not stored")
        try require(found?.statementRevision == statement.revision, "the revision was not stored: \(String(describing: found?.statementRevision))")
        try require(found.flatMap(\.updatedAt).map { abs($0.timeIntervalSince(now)) < 0.01 } == true, "updatedAt was not stored")
        try require(found?.isBehind(statement) == false, "the updated client is behind its statement")
        try require(
            try await store.bankClients.claimUpdate(id: client.id, claimant: UUID(), owner: UUID(), at: now, staleBefore: stale),
            "a finished update claim was not freed")
    }
}
