import Hummingbird
import OBCCore

/// `/manage/obseal-certificates`: translates HTTP to `ObSealCertificateService` and back.
struct ObSealCertificateController {
    static let path = "/manage/obseal-certificates"
    let service: ObSealCertificateService

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post(RouterPath(Self.path), use: create)
        router.get("\(Self.path)/{obSealCertificateId}", use: get)
        router.delete("\(Self.path)/{obSealCertificateId}", use: delete)
    }

    @Sendable func create(request: Request, context: AppRequestContext) async throws -> EditedResponse<ObSealCertificateResponse> {
        let body = try await request.decodeJSON(ObSealCertificateBody.self, context: context)
        let result = try await service.create(
            .init(
                associatedKeyId: body.associatedKeyId, associatedKey: body.associatedKey, certificate: body.certificate, authorship: body.authorship)
        )
        return created(ObSealCertificateResponse(result.value, warnings: result.warnings), at: "\(Self.path)/\(result.value.id.apiString)")
    }

    @Sendable func get(request: Request, context: AppRequestContext) async throws -> ObSealCertificateResponse {
        ObSealCertificateResponse(try await service.get(id: context.parameters.recordID("obSealCertificateId", kind: .obSealCertificate)))
    }

    @Sendable func delete(request: Request, context: AppRequestContext) async throws -> BaseResponse {
        try await service.delete(id: context.parameters.recordID("obSealCertificateId", kind: .obSealCertificate))
        return BaseResponse()
    }
}
