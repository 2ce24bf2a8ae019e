import Foundation
import Logging
import OBCPluginAPI

/// The claim as a lease (renewed while this request works on it) and the record of each DCR
/// attempt, so a registration that takes a dead owner's claim over reports what it left behind.
extension BankRegistrationService {
    /// Runs `body` while renewing the claim every `lease.renewal`.
    func renewingClaim<T: Sendable>(_ client: BankClient, _ body: () async throws -> T) async throws -> T {
        let (store, now, interval) = (self.store, self.now, groupClaim.lease.renewal)
        let renewal = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { return }
                try? await store.bankClients.renew(id: client.id, claimedBy: client.claimedBy, at: now())
            }
        }
        defer { renewal.cancel() }
        return try await body()
    }

    /// Records the DCR about to be sent under `client`'s claim.
    func recordAttempt(under client: BankClient) async throws -> RegistrationAttempt {
        let lease = groupClaim.lease
        let attempt = RegistrationAttempt(
            bankClientId: client.id, bankProfile: client.bankProfile, softwareStatementId: client.softwareStatementId,
            bankGroup: client.bankGroup, registrationGroup: client.key.registrationGroup, jwtId: UUID().lowercasedText, attemptedAt: now(),
            instanceId: lease.instanceId, hostName: lease.hostName, processId: lease.processId)
        try await store.registrationAttempts.record(attempt)
        return attempt
    }

    /// The attempt's outcome is known (stored or failed): it is no longer in flight.
    func finish(_ attempt: RegistrationAttempt?) async {
        guard let attempt else { return }
        do {
            try await store.registrationAttempts.finish(id: attempt.id)
        } catch {
            logger.warning("Could not remove the finished DCR attempt \(attempt.id.lowercasedText): \(error)")
        }
    }

    /// Records the client id the bank answered, so an attempt interrupted from here on names it.
    func learn(_ clientId: String, in attempt: RegistrationAttempt?) async {
        guard let attempt else { return }
        do {
            try await store.registrationAttempts.learn(id: attempt.id, externalApiId: clientId)
        } catch {
            logger.warning("Could not record client \(clientId) on DCR attempt \(attempt.id.lowercasedText): \(error)")
        }
    }

    /// A failed attempt: finished, unless the bank took the request and never answered in time
    /// (504), when it may still create the client. That attempt is kept as interrupted
    /// (`bankTimedOut`), logged and listed, and the error says so.
    func settle(_ attempt: RegistrationAttempt?, after error: any Error, answered: Bool) async -> any Error {
        guard let attempt, !answered, var timeout = error as? OBCError, case .upstream(status: 504) = timeout.kind else {
            await finish(attempt)
            return error
        }
        do {
            try await store.registrationAttempts.interrupt(id: attempt.id, cause: .bankTimedOut, at: now())
        } catch {
            logger.warning("Could not keep the timed-out DCR attempt \(attempt.id.lowercasedText): \(error)")
            return timeout
        }
        var kept = attempt
        kept.cause = .bankTimedOut
        logger.warning(
            "Interrupted registration: \(kept.interruptionWarning)",
            metadata: ["bankProfile": "\(attempt.bankProfile)", "softwareStatementId": "\(attempt.softwareStatementId.lowercasedText)"])
        timeout.detail += " The bank may still create the client; the attempt is listed at GET /manage/interrupted-registrations."
        return timeout
    }

    /// Marks the attempts a dead owner left under this claim interrupted; logs and returns a
    /// warning for each.
    func reportInterruptedAttempts(under client: BankClient) async throws -> [String] {
        let interrupted = try await store.registrationAttempts.interrupt(bankClientId: client.id, at: now())
        for attempt in interrupted {
            logger.warning(
                "Interrupted registration: \(attempt.interruptionWarning)",
                metadata: ["bankProfile": "\(attempt.bankProfile)", "softwareStatementId": "\(attempt.softwareStatementId.lowercasedText)"])
        }
        return interrupted.map(\.interruptionWarning)
    }

    /// Every interrupted registration, oldest first (for an operator to ask the banks to remove the clients).
    public func interruptedRegistrations() async throws -> [RegistrationAttempt] {
        try await store.registrationAttempts.listInterrupted()
    }
}
