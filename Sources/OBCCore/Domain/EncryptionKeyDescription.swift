/// Names a 256-bit AES key held in a key source. Encrypted objects record which description
/// sealed them, so old objects keep decrypting while new ones use the current key.
public struct EncryptionKeyDescription: StoredRecord, Equatable {
    public static let kind = RecordKind.encryptionKeyDescription
    public static let table = "encryption_key_description"
    public var metadata: RecordMetadata
    public var key: SecretDescription

    public init(metadata: RecordMetadata, key: SecretDescription) {
        self.metadata = metadata
        self.key = key
    }
}
