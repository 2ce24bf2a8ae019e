import Foundation
import OBCPluginAPI

/// A stored OBWAC or OBSeal certificate as the estate lists it: the record's identity, what the
/// certificate says of itself, and what depends on it.
public struct CertificateStanding: Sendable, Equatable {
    public var kind: RecordKind
    public var metadata: RecordMetadata
    public var associatedKey: SecretDescription
    /// OBSeal only: the `kid` the Directory publishes.
    public var associatedKeyId: String?
    /// nil when the stored PEM does not parse (it did when it was stored).
    public var facts: CertificateFacts?
    /// Live software statements that use it by default.
    public var softwareStatementIds: [UUID]
    /// Live bank registrations of those software statements.
    public var bankRegistrationCount: Int

    public var id: UUID { metadata.id }

    /// Whether the certificate, or a member of its chain, stops being valid before `date`.
    public func expires(before date: Date) -> Bool {
        guard let facts else { return false }
        return facts.earliestNotAfter < date
    }
}
