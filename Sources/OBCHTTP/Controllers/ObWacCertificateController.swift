import Hummingbird
import OBCCore

/// `/manage/obwac-certificates`: translates HTTP to `ObWacCertificateService` and back.
struct ObWacCertificateController {
    static let path = "/manage/obwac-certificates"
    let service: ObWacCertificateService

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post(RouterPath(Self.path), use: create)
        router.get("\(Self.path)/{obWacCertificateId}", use: get)
        router.delete("\(Self.path)/{obWacCertificateId}", use: delete)
    }

    @Sendable func create(request: Request, context: AppRequestContext) async throws -> EditedResponse<ObWacCertificateResponse> {
        let body = try await request.decodeJSON(ObWacCertificateBody.self, context: context)
        let result = try await service.create(.init(associatedKey: body.associatedKey, certificate: body.certificate, authorship: body.authorship))
        return created(ObWacCertificateResponse(result.value, warnings: result.warnings), at: "\(Self.path)/\(result.value.id.apiString)")
    }

    @Sendable func get(request: Request, context: AppRequestContext) async throws -> ObWacCertificateResponse {
        ObWacCertificateResponse(try await service.get(id: context.parameters.recordID("obWacCertificateId", kind: .obWacCertificate)))
    }

    @Sendable func delete(request: Request, context: AppRequestContext) async throws -> BaseResponse {
        try await service.delete(id: context.parameters.recordID("obWacCertificateId", kind: .obWacCertificate))
        return BaseResponse()
    }
}
