import Foundation
import OBCTestSupport
import Testing

/// Issue 19 item 6: a body with several missing or invalid fields names all of them, in an
/// RFC 9457 `errors` array (each with its field, JSON Pointer and detail), keeping `detail` and `field`.
@Suite("A problem names every field at fault")
struct FieldFaultsTests {
    let fixture = try! ManagementFixture()

    /// (path, body, fields the problem must name, fields it must not name again)
    static let cases: [(String, String, [String], [String])] = [
        ("/manage/obwac-certificates", "{}", ["AssociatedKey", "Certificate"], ["AssociatedKey.Source", "AssociatedKey.Name"]),
        ("/manage/obseal-certificates", #"{"AssociatedKey":{}}"#, ["AssociatedKeyId", "AssociatedKey.Name", "Certificate"], []),
        (
            "/manage/software-statements", #"{"SandboxEnvironment":"yes","DefaultObWacCertificateId":"not-a-uuid"}"#,
            [
                "OrganisationId", "SoftwareId", "SandboxEnvironment", "DefaultObWacCertificateId", "DefaultObSealCertificateId",
                "DefaultQueryRedirectUrl", "DefaultFragmentRedirectUrl",
            ], []
        ),
        ("/manage/bank-registrations", #"{"UseSimulatedBank":1}"#, ["BankProfile", "SoftwareStatementId", "UseSimulatedBank"], []),
        ("/manage/encryption-key-descriptions", #"{"SetAsCurrentEncryptionKey":"no"}"#, ["Key", "SetAsCurrentEncryptionKey"], []),
    ]

    @Test(arguments: cases)
    func everyFieldAtFaultIsListed(path: String, body: String, fields: [String], notAgain: [String]) async throws {
        let runtime = try TestRuntime(environment: fixture.environment)
        defer { runtime.removeFiles() }
        try await runtime.withServer { client in
            let response = try await client.send(.post, path, headers: [.contentType: "application/json"], body: body)
            #expect(response.status == .badRequest, "\(response.text)")
            #expect(response.contentType == "application/problem+json")
            let errors = try #require(response["errors"] as? [[String: Any]], "\(response.text)")
            let named = errors.compactMap { $0["field"] as? String }
            for field in fields { #expect(named.contains(field), "\(field) missing from \(response.text)") }
            for field in notAgain { #expect(!named.contains(field), "\(field) repeats a missing object: \(response.text)") }
            for error in errors {
                let field = try #require(error["field"] as? String)
                #expect(error["pointer"] as? String == "/" + field.replacingOccurrences(of: ".", with: "/"))
                #expect(((error["detail"] as? String) ?? "").isEmpty == false)
            }
            #expect(response["field"] as? String == named.first)
            let detail = try #require(response["detail"] as? String)
            for field in fields { #expect(detail.contains(field), "detail lacks \(field): \(detail)") }
        }
    }

    @Test func theServedDocumentDeclaresTheErrorsArray() async throws {
        let runtime = try TestRuntime(environment: fixture.environment)
        defer { runtime.removeFiles() }
        try await runtime.withServer { client in
            let document = try await client.send(.get, "/swagger/v1/swagger.json").object
            let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any]
            let problem = (schemas?["ProblemDetails"] as? [String: Any])?["properties"] as? [String: Any]
            let errors = try #require(problem?["errors"] as? [String: Any], "ProblemDetails declares no errors")
            #expect(errors["type"] as? String == "array")
            let fault = (schemas?["FieldFault"] as? [String: Any])?["required"] as? [String]
            #expect(Set(fault ?? []) == ["field", "pointer", "detail"])
        }
    }
}
