import Foundation

/// A bank registration as the estate lists it: whether its client is behind its software
/// statement (registered or last updated before the statement's certificates or redirect URLs
/// changed; see `BankClient.isBehind`), and when the client was last updated at the bank.
public struct RegistrationStanding: Sendable, Equatable {
    public var registration: BankRegistration
    public var behindSoftwareStatement: Bool
    public var clientUpdated: Date?

    public init(registration: BankRegistration, behindSoftwareStatement: Bool, clientUpdated: Date?) {
        self.registration = registration
        self.behindSoftwareStatement = behindSoftwareStatement
        self.clientUpdated = clientUpdated
    }

    public var id: UUID { registration.id }
}
