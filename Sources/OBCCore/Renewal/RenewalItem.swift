import Foundation
import OBCPluginAPI

/// One bank client of a software statement in a bulk renewal (`RenewalService`): where its
/// update goes, and what became of it. Registrations share clients, so a renewal is per client.
public struct RenewalItem: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable {
        /// Dry run: the client is behind its software statement and would be updated.
        case wouldUpdate = "WouldUpdate"
        /// The client was updated at the bank (`PUT /register/{ClientId}`).
        case updated = "Updated"
        /// The client already holds the statement's certificates and redirect URLs: nothing to send.
        case upToDate = "UpToDate"
        /// The client is behind, but its bank cannot update it (`detail` says what to do instead).
        case notSupported = "NotSupported"
        /// The update failed (`detail` is the cause); the stored registration is unchanged.
        case failed = "Failed"
    }

    public var clientId: UUID
    public var externalApiId: String
    public var bankProfile: String
    public var bankGroup: String
    /// The DCR version of the profile (nil when the profile is unknown to this build).
    public var dcrVersion: String?
    /// `PUT` and the client's URL at the bank (nil when the bank has no PUT).
    public var request: String?
    /// The certificates the update is built from (the statement's current ones).
    public var obWacCertificateId: UUID
    public var obSealCertificateId: UUID
    public var registrationScope: String
    /// Every live registration on the client, which all take the bank's answer.
    public var registrationIds: [UUID]
    public var status: Status
    public var detail: String?
}

/// A bulk renewal's outcome: one item per client, in bank-profile order, and the counts.
public struct RenewalReport: Sendable, Equatable {
    public var softwareStatementId: UUID
    public var dryRun: Bool
    public var items: [RenewalItem]

    public func count(_ status: RenewalItem.Status) -> Int { items.filter { $0.status == status }.count }
    /// Whether any client failed (the CLI exits non-zero).
    public var hasFailures: Bool { count(.failed) > 0 }

    public init(softwareStatementId: UUID, dryRun: Bool, items: [RenewalItem]) {
        self.softwareStatementId = softwareStatementId
        self.dryRun = dryRun
        self.items = items
    }
}
