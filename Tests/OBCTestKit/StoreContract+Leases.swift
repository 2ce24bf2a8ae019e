import Foundation
import OBCCore

extension StoreContract {
    /// A claim whose owner's heartbeat is live is never taken over, however old; once the owner
    /// is silent (or has no row) it is; a renewal keeps it fresh; renewal by a former holder does nothing.
    static func leaseFollowsOwnerHeartbeat(_ store: any Store) async throws {
        let statement = try await statement(in: store)
        let now = Date()
        let owner = UUID()
        let old = candidate(statement.id, claimedAt: now.addingTimeInterval(-600))
        guard case .claimed = try await store.bankClients.claim(old, owner: owner, staleBefore: now.addingTimeInterval(-900)) else {
            throw ContractViolation(description: "the first claim was not granted")
        }
        try await store.instances.beat(
            InstanceHeartbeat(
                instanceId: owner, hostName: "h", processId: 1, startedAt: now, lastBeatAt: now.addingTimeInterval(-2), beatInterval: 10)
        )
        let rival = candidate(statement.id)
        guard case .busy = try await store.bankClients.claim(rival, owner: UUID(), staleBefore: now.addingTimeInterval(-10)) else {
            throw ContractViolation(description: "an old claim whose owner beats was taken over")
        }
        try await store.instances.beat(
            InstanceHeartbeat(instanceId: owner, hostName: "h", processId: 1, startedAt: now, lastBeatAt: now.addingTimeInterval(-4), beatInterval: 1)
        )
        try await store.bankClients.renew(id: old.id, claimedBy: old.claimedBy, at: now)
        guard case .busy = try await store.bankClients.claim(rival, owner: UUID(), staleBefore: now.addingTimeInterval(-10)) else {
            throw ContractViolation(description: "a renewed claim of a silent owner was taken over")
        }
        try await store.bankClients.renew(id: old.id, claimedBy: old.claimedBy, at: now.addingTimeInterval(-600))
        guard case .claimed(let taken) = try await store.bankClients.claim(rival, owner: UUID(), staleBefore: now.addingTimeInterval(-10)) else {
            throw ContractViolation(description: "an unrenewed claim of a silent owner was not taken over")
        }
        try require(taken.id == old.id && taken.claimedBy == rival.claimedBy, "the takeover did not keep the row and name the new holder")
        try await store.bankClients.renew(id: old.id, claimedBy: old.claimedBy, at: now.addingTimeInterval(60))
        let found = try await store.bankClients.find(id: old.id)
        try require(found.map { abs($0.claimedAt.timeIntervalSince(rival.claimedAt)) < 0.01 } == true, "a former holder renewed the claim")
        // No heartbeat row at all: taken over once not renewed.
        let third = candidate(statement.id)
        guard case .claimed = try await store.bankClients.claim(third, owner: UUID(), staleBefore: now.addingTimeInterval(60)) else {
            throw ContractViolation(description: "a claim whose owner has no heartbeat row was not taken over")
        }
    }

    /// Attempts: a finished one goes; the pending ones under a claim become interrupted once, are
    /// listed with every field, and a finish no longer removes them.
    static func interruptedAttempts(_ store: any Store) async throws {
        let clientId = UUID()
        let start = Date(timeIntervalSince1970: 1_800_000_000.25)
        func attempt(_ offset: TimeInterval, client: UUID = clientId) -> RegistrationAttempt {
            RegistrationAttempt(
                bankClientId: client, bankProfile: "Obie_Model2023", softwareStatementId: UUID(), bankGroup: "Obie", registrationGroup: "g",
                jwtId: UUID().lowercasedText, attemptedAt: start.addingTimeInterval(offset), instanceId: UUID(), hostName: "host", processId: 42)
        }
        let (done, first, second, other) = (attempt(0), attempt(1), attempt(2), attempt(3, client: UUID()))
        for each in [done, first, second, other] { try await store.registrationAttempts.record(each) }
        try await store.registrationAttempts.finish(id: done.id)
        try require(try await store.registrationAttempts.listInterrupted().isEmpty, "a pending attempt is listed as interrupted")
        let at = start.addingTimeInterval(100)
        let interrupted = try await store.registrationAttempts.interrupt(bankClientId: clientId, at: at)
        try require(interrupted.map(\.id) == [first.id, second.id], "interrupt returned \(interrupted.map(\.id)), not the two pending attempts")
        var expected = first
        (expected.interruptedAt, expected.cause) = (at, .ownerGone)
        try require(Self.same(interrupted[0], expected), "the interrupted attempt differs: \(interrupted[0]) vs \(expected)")
        try require(try await store.registrationAttempts.interrupt(bankClientId: clientId, at: at).isEmpty, "an attempt was interrupted twice")
        try await store.registrationAttempts.finish(id: first.id)
        let listed = try await store.registrationAttempts.listInterrupted()
        try require(listed.map(\.id) == [first.id, second.id], "listed \(listed.map(\.id))")
        try require(Self.same(listed[0], expected), "the listed attempt differs: \(listed[0]) vs \(expected)")
        try await timedOutAndResolved(store, start: start)
    }

    /// An attempt learns its client id while pending, is interrupted on its own (the bank timed
    /// out), and is resolved once: removed from the list and returned.
    static func timedOutAndResolved(_ store: any Store, start: Date) async throws {
        var attempt = RegistrationAttempt(
            bankClientId: UUID(), bankProfile: "P", softwareStatementId: UUID(), bankGroup: "G", registrationGroup: "R",
            jwtId: UUID().lowercasedText, attemptedAt: start.addingTimeInterval(200), instanceId: UUID(), hostName: "host", processId: 42)
        try await store.registrationAttempts.record(attempt)
        try require(try await store.registrationAttempts.resolve(id: attempt.id) == nil, "a pending attempt was resolved")
        try await store.registrationAttempts.learn(id: attempt.id, externalApiId: "client-1")
        let at = start.addingTimeInterval(300)
        try await store.registrationAttempts.interrupt(id: attempt.id, cause: .bankTimedOut, at: at)
        try await store.registrationAttempts.interrupt(id: attempt.id, cause: .ownerGone, at: at.addingTimeInterval(5))
        (attempt.externalApiId, attempt.interruptedAt, attempt.cause) = ("client-1", at, .bankTimedOut)
        let listed = try await store.registrationAttempts.listInterrupted().first { $0.id == attempt.id }
        try require(listed.map { Self.same($0, attempt) } == true, "the timed-out attempt is listed as \(String(describing: listed))")
        let resolved = try await store.registrationAttempts.resolve(id: attempt.id)
        try require(resolved.map { Self.same($0, attempt) } == true, "resolve returned \(String(describing: resolved))")
        try require(try await store.registrationAttempts.resolve(id: attempt.id) == nil, "an attempt was resolved twice")
        try require(
            try await store.registrationAttempts.listInterrupted().contains { $0.id == attempt.id } == false, "a resolved attempt is still listed")
    }

    static func same(_ a: RegistrationAttempt, _ b: RegistrationAttempt) -> Bool {
        var (a, b) = (a, b)
        let close = { (x: Date?, y: Date?) in x.flatMap { x in y.map { abs(x.timeIntervalSince($0)) < 0.001 } } ?? (x == nil && y == nil) }
        guard close(a.attemptedAt, b.attemptedAt), close(a.interruptedAt, b.interruptedAt) else { return false }
        (a.attemptedAt, a.interruptedAt) = (b.attemptedAt, b.interruptedAt)
        return a == b
    }
}
