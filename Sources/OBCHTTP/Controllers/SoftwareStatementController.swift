import Hummingbird
import OBCCore

/// `/manage/software-statements`: translates HTTP to `SoftwareStatementService` and back.
struct SoftwareStatementController {
    static let path = "/manage/software-statements"
    let service: SoftwareStatementService

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post(RouterPath(Self.path), use: create)
        router.get(RouterPath(Self.path), use: list)
        router.get("\(Self.path)/{softwareStatementId}", use: get)
        router.put("\(Self.path)/{softwareStatementId}", use: update)
        router.delete("\(Self.path)/{softwareStatementId}", use: delete)
    }

    @Sendable func create(request: Request, context: AppRequestContext) async throws -> EditedResponse<SoftwareStatementResponse> {
        let body = try await request.decodeJSON(SoftwareStatementBody.self, context: context)
        let record = try await service.create(body.serviceRequest)
        return created(SoftwareStatementResponse(record), at: "\(Self.path)/\(record.id.apiString)")
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> SoftwareStatementsResponse {
        SoftwareStatementsResponse(data: try await service.list().map(SoftwareStatementResponse.init))
    }

    @Sendable func get(request: Request, context: AppRequestContext) async throws -> SoftwareStatementResponse {
        SoftwareStatementResponse(try await service.get(id: context.parameters.recordID("softwareStatementId", kind: .softwareStatement)))
    }

    @Sendable func update(request: Request, context: AppRequestContext) async throws -> SoftwareStatementResponse {
        let id = try context.parameters.recordID("softwareStatementId", kind: .softwareStatement)
        let body = try await request.decodeJSON(SoftwareStatementUpdateBody.self, context: context)
        return SoftwareStatementResponse(try await service.update(id: id, body.serviceUpdate))
    }

    @Sendable func delete(request: Request, context: AppRequestContext) async throws -> BaseResponse {
        try await service.delete(id: context.parameters.recordID("softwareStatementId", kind: .softwareStatement))
        return BaseResponse()
    }
}
