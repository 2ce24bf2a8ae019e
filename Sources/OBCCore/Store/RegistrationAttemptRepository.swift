import Foundation

/// DCR attempts in flight and those interrupted (see `RegistrationAttempt`).
public protocol RegistrationAttemptRepository: Sendable {
    /// Records an attempt before the bank is called.
    func record(_ attempt: RegistrationAttempt) async throws
    /// Removes a pending attempt whose outcome is known (stored or failed); no error if it is gone.
    func finish(id: UUID) async throws
    /// Marks the pending attempts made under the claim on `bankClientId` interrupted at `date`
    /// and returns them (the caller has just taken that claim over from a dead owner).
    func interrupt(bankClientId: UUID, at date: Date) async throws -> [RegistrationAttempt]
    /// Every interrupted attempt, oldest first.
    func listInterrupted() async throws -> [RegistrationAttempt]
}
