import Foundation

/// DCR attempts in flight and those interrupted (see `RegistrationAttempt`).
public protocol RegistrationAttemptRepository: Sendable {
    /// Records an attempt before the bank is called.
    func record(_ attempt: RegistrationAttempt) async throws
    /// Removes a pending attempt whose outcome is known (stored or failed); no error if it is gone.
    func finish(id: UUID) async throws
    /// Marks the pending attempts made under the claim on `bankClientId` interrupted at `date`
    /// (cause `ownerGone`) and returns them (the caller has just taken that claim over from a dead owner).
    func interrupt(bankClientId: UUID, at date: Date) async throws -> [RegistrationAttempt]
    /// Records the `client_id` the bank answered for a pending attempt.
    func learn(id: UUID, externalApiId: String) async throws
    /// Marks one pending attempt interrupted (the bank did not answer in time).
    func interrupt(id: UUID, cause: RegistrationAttempt.Cause, at date: Date) async throws
    /// Every interrupted attempt, oldest first.
    func listInterrupted() async throws -> [RegistrationAttempt]
    /// Removes an interrupted attempt and returns it; nil when no interrupted attempt has that id.
    func resolve(id: UUID) async throws -> RegistrationAttempt?
}
