/// An encryption key description as the estate lists it: whether new secrets are sealed with it.
public struct KeyDescriptionStanding: Sendable, Equatable {
    public var description: EncryptionKeyDescription
    public var isCurrent: Bool

    public init(description: EncryptionKeyDescription, isCurrent: Bool) {
        self.description = description
        self.isCurrent = isCurrent
    }
}
