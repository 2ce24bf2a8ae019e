import Hummingbird
import OBCCore

/// `/manage/interrupted-registrations`: DCRs interrupted by their process's death (an addition
/// to OBC's API; read-only), so an operator can ask each bank to remove the client.
struct InterruptedRegistrationController {
    static let path = "/manage/interrupted-registrations"
    let service: BankRegistrationService

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(RouterPath(Self.path), use: list)
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> InterruptedRegistrationsResponse {
        InterruptedRegistrationsResponse(try await service.interruptedRegistrations())
    }
}
