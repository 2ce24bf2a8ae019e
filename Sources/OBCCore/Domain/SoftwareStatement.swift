import Foundation

/// A TPP's software statement from the OB Directory, with the certificates it uses by default.
public struct SoftwareStatement: StoredRecord, Equatable {
    public static let kind = RecordKind.softwareStatement
    public static let table = "software_statement"
    public static let references = [
        RecordReference(
            field: "DefaultObWacCertificateId", column: "default_ob_wac_certificate_id", target: .obWacCertificate,
            id: { (statement: SoftwareStatement) in statement.defaultObWacCertificateId }),
        RecordReference(
            field: "DefaultObSealCertificateId", column: "default_ob_seal_certificate_id", target: .obSealCertificate,
            id: { (statement: SoftwareStatement) in statement.defaultObSealCertificateId }),
    ]

    public var metadata: RecordMetadata
    public var organisationId: String
    public var softwareId: String
    public var sandboxEnvironment: Bool
    public var defaultObWacCertificateId: UUID
    public var defaultObSealCertificateId: UUID
    public var defaultQueryRedirectUrl: String
    public var defaultFragmentRedirectUrl: String
    public var modified: Date

    public init(
        metadata: RecordMetadata,
        organisationId: String,
        softwareId: String,
        sandboxEnvironment: Bool,
        defaultObWacCertificateId: UUID,
        defaultObSealCertificateId: UUID,
        defaultQueryRedirectUrl: String,
        defaultFragmentRedirectUrl: String,
        modified: Date
    ) {
        self.metadata = metadata
        self.organisationId = organisationId
        self.softwareId = softwareId
        self.sandboxEnvironment = sandboxEnvironment
        self.defaultObWacCertificateId = defaultObWacCertificateId
        self.defaultObSealCertificateId = defaultObSealCertificateId
        self.defaultQueryRedirectUrl = defaultQueryRedirectUrl
        self.defaultFragmentRedirectUrl = defaultFragmentRedirectUrl
        self.modified = modified
    }
}
