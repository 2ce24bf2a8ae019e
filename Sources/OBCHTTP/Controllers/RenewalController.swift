import Hummingbird
import OBCCore

/// `POST /manage/software-statements/{id}/renewals` (an addition to OBC's API): brings every bank
/// client of the statement up to it (`RenewalService`), or with `DryRun` says what that would do.
/// A client that fails is reported in its item; the run goes on and answers 200.
struct RenewalController {
    static let path = "\(SoftwareStatementController.path)/{softwareStatementId}/renewals"
    let service: RenewalService

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post(RouterPath(Self.path), use: renew)
    }

    @Sendable func renew(request: Request, context: AppRequestContext) async throws -> RenewalResponse {
        let id = try context.parameters.recordID("softwareStatementId", kind: .softwareStatement)
        let body = try await request.decodeJSON(RenewalBody.self, context: context)
        if body.dryRun == true { return RenewalResponse(try await service.plan(softwareStatementId: id)) }
        return RenewalResponse(try await service.run(softwareStatementId: id))
    }
}
