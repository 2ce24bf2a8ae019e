import Foundation

/// A secret sealed with AES-256-GCM. The row names the key description that sealed it and
/// what it belongs to; the associated data binds the ciphertext to both, so a ciphertext
/// copied to another row or purpose no longer opens.
public struct EncryptedObject: Sendable, Equatable {
    public var id: UUID
    public var ownerId: UUID
    public var purpose: EncryptionPurpose
    public var keyDescriptionId: UUID
    /// 12 random bytes; unique across the table, enforced by the database.
    public var nonce: Data
    /// The 16-byte GCM tag.
    public var tag: Data
    public var ciphertext: Data
    public var created: Date
    public var modified: Date

    public init(
        id: UUID, ownerId: UUID, purpose: EncryptionPurpose, keyDescriptionId: UUID, nonce: Data, tag: Data, ciphertext: Data,
        created: Date, modified: Date
    ) {
        self.id = id
        self.ownerId = ownerId
        self.purpose = purpose
        self.keyDescriptionId = keyDescriptionId
        self.nonce = nonce
        self.tag = tag
        self.ciphertext = ciphertext
        self.created = created
        self.modified = modified
    }

    /// The bytes authenticated with the ciphertext: object, owner and purpose.
    public var associatedData: Data {
        Data("obc:v1:\(id.lowercasedText):\(ownerId.lowercasedText):\(purpose.rawValue)".utf8)
    }
}

/// What a sealed secret is for. An open set so later features add their own.
public struct EncryptionPurpose: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let clientSecret = EncryptionPurpose(rawValue: "BankRegistration.ClientSecret")
    public static let registrationAccessToken = EncryptionPurpose(rawValue: "BankRegistration.RegistrationAccessToken")
}
