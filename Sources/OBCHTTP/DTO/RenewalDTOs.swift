import Foundation
import Hummingbird
import OBCCore

/// The body of `POST /manage/software-statements/{id}/renewals`: `{}` renews, `{"DryRun": true}`
/// only says what a renewal would do.
struct RenewalBody: Decodable {
    var dryRun: Bool?
}

/// One bank client of the renewal; see `RenewalItem`.
public struct RenewalItemDTO: Encodable, Sendable {
    var clientId: String
    var externalApiId: String
    var bankProfile: String
    var bankGroup: String
    var dcrVersion: String?
    var request: String?
    var obWacCertificateId: String
    var obSealCertificateId: String
    var registrationScope: String
    var bankRegistrationIds: [String]
    var status: String
    var detail: String?

    public init(_ item: RenewalItem) {
        clientId = item.clientId.apiString
        externalApiId = item.externalApiId
        bankProfile = item.bankProfile
        bankGroup = item.bankGroup
        dcrVersion = item.dcrVersion
        request = item.request
        obWacCertificateId = item.obWacCertificateId.apiString
        obSealCertificateId = item.obSealCertificateId.apiString
        registrationScope = item.registrationScope
        bankRegistrationIds = item.registrationIds.map(\.apiString)
        status = item.status.rawValue
        detail = item.detail
    }
}

/// The answer of a renewal (or its dry run): one item per client and the count of each status.
public struct RenewalResponse: ResponseEncodable, Sendable {
    var softwareStatementId: String
    var dryRun: Bool
    var wouldUpdate: Int
    var updated: Int
    var upToDate: Int
    var notSupported: Int
    var failed: Int
    var data: [RenewalItemDTO]

    public init(_ report: RenewalReport) {
        softwareStatementId = report.softwareStatementId.apiString
        dryRun = report.dryRun
        wouldUpdate = report.count(.wouldUpdate)
        updated = report.count(.updated)
        upToDate = report.count(.upToDate)
        notSupported = report.count(.notSupported)
        failed = report.count(.failed)
        data = report.items.map(RenewalItemDTO.init)
    }
}
