import Foundation
import Hummingbird
import OBCCore

/// A page of a new list (an addition to OBC's API): OBC's list shape, plus `Next`, the
/// `after` value of the following page (absent on the last page).
struct EstatePageResponse<Item: Encodable & Sendable>: ResponseEncodable {
    var data: [Item]
    var warnings: [String]?
    var next: String?

    init(_ page: Page<Item>) {
        data = page.items
        next = page.next?.apiString
    }
}

/// A certificate's expiry facts; see `CertificateFacts`.
public struct CertificateExpiryDTO: Encodable, Sendable {
    var subject: String
    var issuer: String
    var notBefore: Date
    var notAfter: Date
    var sha256Fingerprint: String
    var chainLength: Int
    var earliestNotAfter: Date
    var earliestNotAfterSubject: String

    public init(_ facts: CertificateFacts) {
        subject = facts.subject
        issuer = facts.issuer
        notBefore = facts.notBefore
        notAfter = facts.notAfter
        sha256Fingerprint = facts.sha256Fingerprint
        chainLength = facts.chainLength
        earliestNotAfter = facts.earliestNotAfter
        earliestNotAfterSubject = facts.earliestNotAfterSubject
    }
}

/// An item of `GET /manage/obwac-certificates` and `GET /manage/obseal-certificates`.
public struct CertificateListItem: Encodable, Sendable {
    var id: String
    var created: Date
    var createdBy: String?
    var reference: String?
    var associatedKeyId: String?
    var associatedKey: SecretDescription
    var expiry: CertificateExpiryDTO?
    var softwareStatementIds: [String]
    var bankRegistrationCount: Int

    public init(_ standing: CertificateStanding) {
        id = standing.id.apiString
        created = standing.metadata.created
        createdBy = standing.metadata.createdBy
        reference = standing.metadata.reference
        associatedKeyId = standing.associatedKeyId
        associatedKey = standing.associatedKey
        expiry = standing.facts.map(CertificateExpiryDTO.init)
        softwareStatementIds = standing.softwareStatementIds.map(\.apiString)
        bankRegistrationCount = standing.bankRegistrationCount
    }
}

/// An item of `GET /manage/encryption-key-descriptions`.
struct EncryptionKeyDescriptionListItem: Encodable, Sendable {
    var id: String
    var created: Date
    var createdBy: String?
    var reference: String?
    var key: SecretDescription
    var isCurrent: Bool

    init(_ standing: KeyDescriptionStanding) {
        id = standing.description.id.apiString
        created = standing.description.metadata.created
        createdBy = standing.description.metadata.createdBy
        reference = standing.description.metadata.reference
        key = standing.description.key
        isCurrent = standing.isCurrent
    }
}

/// An item of `GET /manage/bank-registrations`: what identifies a registration and where it
/// stands (read one for its endpoints and the bank's answer).
public struct BankRegistrationListItem: Encodable, Sendable {
    var id: String
    var created: Date
    var createdBy: String?
    var reference: String?
    var softwareStatementId: String
    var bankProfile: String
    var bankGroup: String
    var registrationScope: String
    var externalApiId: String
    var useSimulatedBank: Bool
    /// The client was registered or last updated before its software statement's certificates
    /// or redirect URLs changed: a renewal (`POST /manage/software-statements/{id}/renewals`) updates it.
    var behindSoftwareStatement: Bool
    var clientUpdated: Date?

    public init(_ standing: RegistrationStanding) {
        let record = standing.registration
        id = record.id.apiString
        created = record.metadata.created
        createdBy = record.metadata.createdBy
        reference = record.metadata.reference
        softwareStatementId = record.softwareStatementId.apiString
        bankProfile = record.bankProfile
        bankGroup = record.bankGroup
        registrationScope = record.registrationScope.name
        externalApiId = record.externalApiId
        useSimulatedBank = record.useSimulatedBank
        behindSoftwareStatement = standing.behindSoftwareStatement
        clientUpdated = standing.clientUpdated
    }
}
