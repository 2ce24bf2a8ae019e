import Foundation

/// A Dynamic Client Registration about to be sent to a bank, recorded before the bank's
/// `POST /register` is called and removed once the outcome is stored. A record still there when
/// another request takes the group's claim over from a dead owner is an *interrupted
/// registration*: the bank may hold a client from it that nothing here uses.
public struct RegistrationAttempt: Sendable, Equatable {
    public var id: UUID
    /// The pending `bank_client` row whose claim the attempt was made under.
    public var bankClientId: UUID
    public var bankProfile: String
    public var softwareStatementId: UUID
    public var bankGroup: String
    public var registrationGroup: String
    /// The `jti` of the registration request's JWT, which the bank may have kept.
    public var jwtId: String
    public var attemptedAt: Date
    /// The process that sent it (see `RegistrationLease`).
    public var instanceId: UUID
    public var hostName: String
    public var processId: Int
    /// When a later claim found the attempt's owner gone, or the bank's answer never came;
    /// nil while the attempt may still finish.
    public var interruptedAt: Date?
    /// Why the attempt was left without an outcome (set with `interruptedAt`).
    public var cause: Cause?
    /// The `client_id` the bank answered, when the answer arrived before the process stopped.
    public var externalApiId: String?

    /// Why an attempt is listed: its process stopped, or the bank never answered in time.
    public enum Cause: String, Sendable, Equatable, CaseIterable {
        case ownerGone = "OwnerGone"
        case bankTimedOut = "BankTimedOut"
    }

    public init(
        id: UUID = UUID(), bankClientId: UUID, bankProfile: String, softwareStatementId: UUID, bankGroup: String, registrationGroup: String,
        jwtId: String, attemptedAt: Date, instanceId: UUID, hostName: String, processId: Int, interruptedAt: Date? = nil,
        cause: Cause? = nil, externalApiId: String? = nil
    ) {
        self.id = id
        self.bankClientId = bankClientId
        self.bankProfile = bankProfile
        self.softwareStatementId = softwareStatementId
        self.bankGroup = bankGroup
        self.registrationGroup = registrationGroup
        self.jwtId = jwtId
        self.attemptedAt = attemptedAt
        self.instanceId = instanceId
        self.hostName = hostName
        self.processId = processId
        self.interruptedAt = interruptedAt
        self.cause = cause
        self.externalApiId = externalApiId
    }

    /// The warning an interrupted attempt gives: names the profile, the software statement and the time.
    public var interruptionWarning: String {
        let what = cause == .bankTimedOut ? "got no answer from the bank in time" : "was interrupted while the bank was registering the client"
        let client = externalApiId.map { "client \($0) exists at the bank" } ?? "a client may exist at the bank"
        return "An earlier registration of bank profile \(bankProfile) for software statement \(softwareStatementId.lowercasedText) "
            + "(registration group \(registrationGroup)), started at \(ISO8601DateFormatter().string(from: attemptedAt)) by host \(hostName) "
            + "pid \(processId), \(what) (jti \(jwtId)): \(client) from it that nothing here uses; remove it with "
            + "DELETE /manage/interrupted-registrations/\(id.lowercasedText) (which deletes it at the bank where it can) or ask the bank to."
    }
}
