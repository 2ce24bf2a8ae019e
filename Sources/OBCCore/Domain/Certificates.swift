/// An OBWAC (transport) certificate: used for mutual TLS with banks and the Directory.
public struct ObWacCertificate: StoredRecord, Equatable {
    public static let kind = RecordKind.obWacCertificate
    public static let table = "ob_wac_certificate"
    public var metadata: RecordMetadata
    public var associatedKey: SecretDescription
    /// PEM with real newlines.
    public var certificate: String

    public init(metadata: RecordMetadata, associatedKey: SecretDescription, certificate: String) {
        self.metadata = metadata
        self.associatedKey = associatedKey
        self.certificate = certificate
    }
}

/// An OBSeal (signing) certificate: its key signs DCR requests and Directory client assertions.
public struct ObSealCertificate: StoredRecord, Equatable {
    public static let kind = RecordKind.obSealCertificate
    public static let table = "ob_seal_certificate"
    public var metadata: RecordMetadata
    /// The `kid` the OB Directory publishes for this key.
    public var associatedKeyId: String
    public var associatedKey: SecretDescription
    public var certificate: String

    public init(metadata: RecordMetadata, associatedKeyId: String, associatedKey: SecretDescription, certificate: String) {
        self.metadata = metadata
        self.associatedKeyId = associatedKeyId
        self.associatedKey = associatedKey
        self.certificate = certificate
    }
}
