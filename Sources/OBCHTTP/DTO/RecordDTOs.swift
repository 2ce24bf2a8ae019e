import Foundation
import Hummingbird
import OBCCore

/// OBC's `BaseResponse`: an object with optional warnings (DELETE answers `{}`).
struct BaseResponse: ResponseEncodable {
    var warnings: [String]?
}

/// The fields every create request may carry.
protocol AuthoredBody {
    var reference: String? { get }
    var createdBy: String? { get }
}

extension AuthoredBody {
    var authorship: RecordAuthorship { RecordAuthorship(reference: reference, createdBy: createdBy) }
}

extension UUID {
    /// OBC writes ids in lower case.
    var apiString: String { lowercasedText }
}

extension Array where Element == String {
    /// Warnings are omitted when there are none, as OBC omits nulls.
    var nonEmpty: [String]? { isEmpty ? nil : self }
}

struct ObWacCertificateBody: Decodable, AuthoredBody {
    var associatedKey: SecretDescription
    var certificate: String
    var reference: String?
    var createdBy: String?
}

struct ObWacCertificateResponse: ResponseEncodable {
    var id: String
    var created: Date
    var createdBy: String?
    var reference: String?
    var associatedKey: SecretDescription
    var certificate: String
    var warnings: [String]?

    init(_ record: ObWacCertificate, warnings: [String] = []) {
        id = record.id.apiString
        created = record.metadata.created
        createdBy = record.metadata.createdBy
        reference = record.metadata.reference
        associatedKey = record.associatedKey
        certificate = record.certificate
        self.warnings = warnings.nonEmpty
    }
}

struct ObSealCertificateBody: Decodable, AuthoredBody {
    var associatedKeyId: String
    var associatedKey: SecretDescription
    var certificate: String
    var reference: String?
    var createdBy: String?
}

struct ObSealCertificateResponse: ResponseEncodable {
    var id: String
    var created: Date
    var createdBy: String?
    var reference: String?
    var associatedKeyId: String
    var associatedKey: SecretDescription
    var certificate: String
    var warnings: [String]?

    init(_ record: ObSealCertificate, warnings: [String] = []) {
        id = record.id.apiString
        created = record.metadata.created
        createdBy = record.metadata.createdBy
        reference = record.metadata.reference
        associatedKeyId = record.associatedKeyId
        associatedKey = record.associatedKey
        certificate = record.certificate
        self.warnings = warnings.nonEmpty
    }
}

struct SoftwareStatementBody: Decodable, AuthoredBody {
    var organisationId: String
    var softwareId: String
    var sandboxEnvironment: Bool?
    var defaultObWacCertificateId: UUID
    var defaultObSealCertificateId: UUID
    var defaultQueryRedirectUrl: String
    var defaultFragmentRedirectUrl: String
    var reference: String?
    var createdBy: String?

    var serviceRequest: SoftwareStatementService.Request {
        .init(
            organisationId: organisationId,
            softwareId: softwareId,
            sandboxEnvironment: sandboxEnvironment ?? false,
            defaultObWacCertificateId: defaultObWacCertificateId,
            defaultObSealCertificateId: defaultObSealCertificateId,
            defaultQueryRedirectUrl: defaultQueryRedirectUrl,
            defaultFragmentRedirectUrl: defaultFragmentRedirectUrl,
            authorship: authorship
        )
    }
}

struct SoftwareStatementUpdateBody: Decodable {
    var defaultObWacCertificateId: UUID?
    var defaultObSealCertificateId: UUID?
    var defaultQueryRedirectUrl: String?
    var defaultFragmentRedirectUrl: String?

    var serviceUpdate: SoftwareStatementService.Update {
        .init(
            defaultObWacCertificateId: defaultObWacCertificateId,
            defaultObSealCertificateId: defaultObSealCertificateId,
            defaultQueryRedirectUrl: defaultQueryRedirectUrl,
            defaultFragmentRedirectUrl: defaultFragmentRedirectUrl
        )
    }
}

struct SoftwareStatementResponse: ResponseEncodable {
    var id: String
    var created: Date
    var createdBy: String?
    var reference: String?
    var organisationId: String
    var softwareId: String
    var sandboxEnvironment: Bool
    var defaultObWacCertificateId: String
    var defaultObSealCertificateId: String
    var defaultQueryRedirectUrl: String
    var defaultFragmentRedirectUrl: String
    var warnings: [String]?

    init(_ record: SoftwareStatement) {
        id = record.id.apiString
        created = record.metadata.created
        createdBy = record.metadata.createdBy
        reference = record.metadata.reference
        organisationId = record.organisationId
        softwareId = record.softwareId
        sandboxEnvironment = record.sandboxEnvironment
        defaultObWacCertificateId = record.defaultObWacCertificateId.apiString
        defaultObSealCertificateId = record.defaultObSealCertificateId.apiString
        defaultQueryRedirectUrl = record.defaultQueryRedirectUrl
        defaultFragmentRedirectUrl = record.defaultFragmentRedirectUrl
    }
}

struct SoftwareStatementsResponse: ResponseEncodable {
    var data: [SoftwareStatementResponse]
}

struct EncryptionKeyDescriptionBody: Decodable, AuthoredBody {
    var key: SecretDescription
    var setAsCurrentEncryptionKey: Bool?
    var reference: String?
    var createdBy: String?
}

struct EncryptionKeyDescriptionResponse: ResponseEncodable {
    var id: String
    var created: Date
    var createdBy: String?
    var reference: String?
    var key: SecretDescription
    var warnings: [String]?

    init(_ record: EncryptionKeyDescription, warnings: [String] = []) {
        id = record.id.apiString
        created = record.metadata.created
        createdBy = record.metadata.createdBy
        reference = record.metadata.reference
        key = record.key
        self.warnings = warnings.nonEmpty
    }
}
