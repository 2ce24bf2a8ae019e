import Foundation
import Hummingbird
import OBCCore
import OBCPluginAPI

/// `/manage/interrupted-registrations`: DCRs interrupted by their process's death (an addition
/// to OBC's API), so an operator can have each client removed: deleted at the bank from here
/// where that is possible, else by asking the bank.
struct InterruptedRegistrationController {
    static let path = "/manage/interrupted-registrations"
    let service: BankRegistrationService

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(RouterPath(Self.path), use: list)
        router.delete("\(Self.path)/{interruptedRegistrationId}", use: resolve)
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> InterruptedRegistrationsResponse {
        InterruptedRegistrationsResponse(try await service.interruptedRegistrations())
    }

    @Sendable func resolve(request: Request, context: AppRequestContext) async throws -> InterruptedRegistrationResolutionResponse {
        let text = context.parameters.get("interruptedRegistrationId") ?? ""
        guard let id = UUID(uuidString: text) else {
            throw OBCError(.notFound, "No interrupted registration with ID '\(text)' exists: the ID is not a UUID.")
        }
        return InterruptedRegistrationResolutionResponse(try await service.resolveInterrupted(id: id))
    }
}
