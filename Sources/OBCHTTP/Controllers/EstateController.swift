import Hummingbird
import OBCCore

/// The list routes (additions to OBC's API, beside OBC's own `GET /manage/software-statements`):
/// `GET` on the OBWAC, OBSeal, encryption key description and bank registration collections,
/// a page at a time (`limit`, `after`), translated to `EstateService`.
struct EstateController {
    let estate: EstateService

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(RouterPath(ObWacCertificateController.path), use: obWacCertificates)
        router.get(RouterPath(ObSealCertificateController.path), use: obSealCertificates)
        router.get(RouterPath(EncryptionKeyDescriptionController.path), use: encryptionKeyDescriptions)
        router.get(RouterPath(BankRegistrationController.path), use: bankRegistrations)
    }

    static func page(_ request: Request) throws -> PageRequest {
        let query = request.uri.queryParameters
        return try PageRequest(limitText: query["limit"].map(String.init), afterText: query["after"].map(String.init))
    }

    @Sendable func obWacCertificates(request: Request, context: AppRequestContext) async throws -> EstatePageResponse<CertificateListItem> {
        EstatePageResponse(try await estate.obWacCertificates(Self.page(request)).map(CertificateListItem.init))
    }

    @Sendable func obSealCertificates(request: Request, context: AppRequestContext) async throws -> EstatePageResponse<CertificateListItem> {
        EstatePageResponse(try await estate.obSealCertificates(Self.page(request)).map(CertificateListItem.init))
    }

    @Sendable func encryptionKeyDescriptions(request: Request, context: AppRequestContext) async throws
        -> EstatePageResponse<EncryptionKeyDescriptionListItem>
    {
        EstatePageResponse(try await estate.encryptionKeyDescriptions(Self.page(request)).map(EncryptionKeyDescriptionListItem.init))
    }

    @Sendable func bankRegistrations(request: Request, context: AppRequestContext) async throws -> EstatePageResponse<BankRegistrationListItem> {
        let query = request.uri.queryParameters
        let filter = try BankRegistrationFilter(
            softwareStatementIdText: query["softwareStatementId"].map(String.init), bankProfile: query["bankProfile"].map(String.init),
            bankGroup: query["bankGroup"].map(String.init))
        return EstatePageResponse(try await estate.bankRegistrations(filter, Self.page(request)).map(BankRegistrationListItem.init))
    }
}
