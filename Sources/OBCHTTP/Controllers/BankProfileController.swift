import Hummingbird
import OBCCore

/// `/manage/bank-profiles`: the bank profiles this build ships and the operator added, with
/// their effective settings (an addition to OBC's API; read-only).
struct BankProfileController {
    static let path = "/manage/bank-profiles"
    let catalog: BankProfileCatalog

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(RouterPath(Self.path), use: list)
        router.get("\(Self.path)/{bankProfile}", use: get)
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> BankProfilesResponse {
        BankProfilesResponse(try catalog.list(group: request.uri.queryParameters["group"].map(String.init)))
    }

    @Sendable func get(request: Request, context: AppRequestContext) async throws -> BankProfileResponse {
        BankProfileResponse(try catalog.details(of: try context.parameters.require("bankProfile")))
    }
}
