import Hummingbird
import OBCCore

/// `/manage/encryption-key-descriptions`: translates HTTP to `EncryptionKeyDescriptionService`.
struct EncryptionKeyDescriptionController {
    static let path = "/manage/encryption-key-descriptions"
    let service: EncryptionKeyDescriptionService

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post(RouterPath(Self.path), use: create)
        router.get("\(Self.path)/{encryptionKeyDescriptionId}", use: get)
        router.delete("\(Self.path)/{encryptionKeyDescriptionId}", use: delete)
    }

    @Sendable func create(request: Request, context: AppRequestContext) async throws -> EditedResponse<EncryptionKeyDescriptionResponse> {
        let body = try await request.decodeJSON(EncryptionKeyDescriptionBody.self, context: context)
        let record = try await service.create(
            .init(key: body.key, setAsCurrent: body.setAsCurrentEncryptionKey ?? false, authorship: body.authorship)
        )
        return created(EncryptionKeyDescriptionResponse(record), at: "\(Self.path)/\(record.id.apiString)")
    }

    @Sendable func get(request: Request, context: AppRequestContext) async throws -> EncryptionKeyDescriptionResponse {
        let id = try context.parameters.recordID("encryptionKeyDescriptionId", kind: .encryptionKeyDescription)
        return EncryptionKeyDescriptionResponse(try await service.get(id: id))
    }

    @Sendable func delete(request: Request, context: AppRequestContext) async throws -> BaseResponse {
        try await service.delete(id: context.parameters.recordID("encryptionKeyDescriptionId", kind: .encryptionKeyDescription))
        return BaseResponse()
    }
}
