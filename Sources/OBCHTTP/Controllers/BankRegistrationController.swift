import HTTPTypes
import Hummingbird
import OBCCore
import OBCPluginAPI

/// `/manage/bank-registrations`: translates HTTP to `BankRegistrationService` and back.
struct BankRegistrationController {
    static let path = "/manage/bank-registrations"
    static let excludeHeader = HTTPField.Name("x-obc-exclude-external-api-operation")!
    let service: BankRegistrationService

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post(RouterPath(Self.path), use: create)
        router.get("\(Self.path)/{bankRegistrationId}", use: get)
        router.put("\(Self.path)/{bankRegistrationId}", use: update)
        router.delete("\(Self.path)/{bankRegistrationId}", use: delete)
    }

    @Sendable func create(request: Request, context: AppRequestContext) async throws -> EditedResponse<BankRegistrationResponse> {
        let body = try await request.decodeJSON(BankRegistrationBody.self, context: context)
        let result = try await service.create(try body.serviceRequest())
        return BankRegistrationResponse(result).edited(status: .created, location: "\(Self.path)/\(result.registration.id.apiString)")
    }

    @Sendable func get(request: Request, context: AppRequestContext) async throws -> EditedResponse<BankRegistrationResponse> {
        let id = try context.parameters.recordID("bankRegistrationId", kind: .bankRegistration)
        let result = try await service.get(id: id, excludeExternalApiOperation: try Self.exclude(request))
        return BankRegistrationResponse(result).edited(status: .ok)
    }

    /// The body must be `{}`: the update is rebuilt from the software statement.
    @Sendable func update(request: Request, context: AppRequestContext) async throws -> EditedResponse<BankRegistrationResponse> {
        let id = try context.parameters.recordID("bankRegistrationId", kind: .bankRegistration)
        let body = try await request.decodeJSON(JSONValue.self, context: context)
        guard case .object(let fields) = body else { throw OBCError.invalid("body", "must be the empty JSON object {}.") }
        if let field = fields.keys.sorted().first {
            throw OBCError.invalid(field, "is not accepted: the update is rebuilt from the software statement as it is now, so send {}.")
        }
        let result = try await service.update(id: id)
        return BankRegistrationResponse(result).edited(status: .ok)
    }

    @Sendable func delete(request: Request, context: AppRequestContext) async throws -> BaseResponse {
        let id = try context.parameters.recordID("bankRegistrationId", kind: .bankRegistration)
        let warnings = try await service.delete(id: id, excludeExternalApiOperation: try Self.exclude(request))
        return BaseResponse(warnings: warnings.nonEmpty)
    }

    /// The header is a boolean; anything else is a client error, not a silent false.
    static func exclude(_ request: Request) throws(OBCError) -> Bool {
        guard let value = request.headers[excludeHeader] else { return false }
        switch value.lowercased() {
        case "true": return true
        case "false": return false
        default: throw OBCError.invalid("x-obc-exclude-external-api-operation", "must be true or false, not '\(value)'.")
        }
    }
}
