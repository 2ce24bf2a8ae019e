import Foundation
import OBCTestSupport
import Testing

@Suite("OBWAC and OBSeal certificates through the real server")
struct CertificateEndpointTests {
    let fixture = try! ManagementFixture()

    func runtime() throws -> TestRuntime { try TestRuntime(environment: fixture.environment) }

    @Test func createReadAndDeleteObWacCertificate() async throws {
        let runtime = try runtime()
        defer { runtime.removeFiles() }
        let fixture = self.fixture
        try await runtime.withServer { client in
            let created = try await client.send(.post, "/manage/obwac-certificates", json: fixture.wacBody)
            #expect(created.status == .created)
            let id = try #require(created["Id"] as? String)
            #expect(created.headers[.location] == "/manage/obwac-certificates/\(id)")
            #expect(id == id.lowercased())
            #expect(created["Reference"] as? String == "wac-ref")
            #expect(created["CreatedBy"] as? String == "tester")
            #expect((created["AssociatedKey"] as? [String: String])?["Name"] == "OpenBankingConnector:Keys:ObWac")
            #expect(created["Warnings"] == nil)
            #expect(created["Created"] is String)

            let read = try await client.send(.get, "/manage/obwac-certificates/\(id)")
            #expect(read.status == .ok)
            #expect(read["Id"] as? String == id)
            #expect(read["Created"] as? String == created["Created"] as? String)
            #expect(read["Certificate"] as? String == fixture.wacCertificate)

            let deleted = try await client.send(.delete, "/manage/obwac-certificates/\(id)")
            #expect(deleted.status == .ok)
            #expect(deleted.text == "{}")
            let gone = try await client.send(.get, "/manage/obwac-certificates/\(id)")
            #expect(gone.status == .notFound)
            #expect(gone.contentType == "application/problem+json")
            let again = try await client.send(.delete, "/manage/obwac-certificates/\(id)")
            #expect(again.status == .notFound)
        }
        for secret in fixture.secretValues {
            #expect(!runtime.logs.text.contains(secret))
        }
    }

    @Test func createReadAndDeleteObSealCertificate() async throws {
        let runtime = try runtime()
        defer { runtime.removeFiles() }
        let fixture = self.fixture
        try await runtime.withServer { client in
            let created = try await client.send(.post, "/manage/obseal-certificates", json: fixture.sealBody)
            #expect(created.status == .created)
            let id = try #require(created["Id"] as? String)
            #expect(created["AssociatedKeyId"] as? String == "seal-kid-1")
            let read = try await client.send(.get, "/manage/obseal-certificates/\(id)")
            #expect(read["AssociatedKeyId"] as? String == "seal-kid-1")
            #expect(try await client.send(.delete, "/manage/obseal-certificates/\(id)").status == .ok)
            #expect(try await client.send(.get, "/manage/obseal-certificates/\(id)").status == .notFound)
        }
    }

    @Test func pemWithEscapedNewlinesIsAccepted() async throws {
        let runtime = try runtime()
        defer { runtime.removeFiles() }
        var body = fixture.wacBody
        body["Certificate"] = fixture.wacCertificate.replacingOccurrences(of: "\n", with: "\\n")
        let escaped = body
        try await runtime.withServer { client in
            let created = try await client.send(.post, "/manage/obwac-certificates", json: escaped)
            #expect(created.status == .created)
        }
    }

    /// Each bad request is a 400 problem whose detail names the field.
    @Test(arguments: [
        ("Certificate", "not a certificate", "Certificate"),
        ("Certificate", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", "Certificate"),
        ("Certificate", "-----BEGIN CERTIFICATE-----\nAAAA\n", "Certificate"),
        ("AssociatedKey", "missing-key", "AssociatedKey"),
        ("AssociatedKey", "wrong-key", "AssociatedKey"),
        ("AssociatedKey", "unknown-source", "AssociatedKey.Source"),
        ("AssociatedKey", "empty-name", "AssociatedKey.Name"),
        ("AssociatedKey", "not-a-key", "AssociatedKey"),
    ])
    func invalidCertificateIsRejected(property: String, variant: String, field: String) async throws {
        let runtime = try runtime()
        defer { runtime.removeFiles() }
        var body = fixture.wacBody
        switch variant {
        case "missing-key": body["AssociatedKey"] = ManagementFixture.secret("DoesNotExist")
        case "wrong-key": body["AssociatedKey"] = ManagementFixture.secret("Other")
        case "unknown-source": body["AssociatedKey"] = ManagementFixture.secret("ObWac", source: "HashiCorpVault")
        case "empty-name": body["AssociatedKey"] = ["Source": "Configuration", "Name": " "]
        case "not-a-key": body["AssociatedKey"] = ManagementFixture.secret("Encryption:Key1")
        default: body[property] = variant
        }
        let requestBody = body
        try await runtime.withServer { client in
            let response = try await client.send(.post, "/manage/obwac-certificates", json: requestBody)
            #expect(response.status == .badRequest, "\(variant): \(response.text)")
            #expect(response.contentType == "application/problem+json")
            #expect(response["field"] as? String == field)
            let detail = try #require(response["detail"] as? String)
            #expect(detail.hasPrefix(field))
            if variant == "missing-key" {
                #expect(detail.contains("Source Configuration and Name OpenBankingConnector:Keys:DoesNotExist"))
            }
            if variant == "wrong-key" { #expect(detail.contains("does not belong to the certificate")) }
        }
    }

    @Test func obSealWithoutAssociatedKeyIdIsRejected() async throws {
        let runtime = try runtime()
        defer { runtime.removeFiles() }
        var missing = fixture.sealBody
        missing.removeValue(forKey: "AssociatedKeyId")
        var blank = fixture.sealBody
        blank["AssociatedKeyId"] = ""
        let bodies = [missing, blank]
        try await runtime.withServer { client in
            for body in bodies {
                let response = try await client.send(.post, "/manage/obseal-certificates", json: body)
                #expect(response.status == .badRequest)
                #expect(response["field"] as? String == "AssociatedKeyId")
            }
        }
    }

    @Test func expiredAndNotYetValidCertificatesAreAcceptedWithWarnings() async throws {
        let runtime = try runtime()
        defer { runtime.removeFiles() }
        let expired = try TestPKI.certificatePEM(
            key: fixture.wacKey, notValidBefore: Date().addingTimeInterval(-7200), notValidAfter: Date().addingTimeInterval(-3600))
        let future = try TestPKI.certificatePEM(
            key: fixture.wacKey, notValidBefore: Date().addingTimeInterval(86400), notValidAfter: Date().addingTimeInterval(2 * 86400))
        let fixture = self.fixture
        try await runtime.withServer { client in
            for (certificate, phrase) in [(expired, "expired"), (future, "not valid until")] {
                var body = fixture.wacBody
                body["Certificate"] = certificate
                let response = try await client.send(.post, "/manage/obwac-certificates", json: body)
                #expect(response.status == .created)
                let warnings = try #require(response["Warnings"] as? [String])
                #expect(warnings.count == 1)
                #expect(warnings[0].contains(phrase))
            }
        }
    }

    @Test func malformedBodiesGetFieldNamingProblems() async throws {
        let runtime = try runtime()
        defer { runtime.removeFiles() }
        let fixture = self.fixture
        try await runtime.withServer { client in
            let notJSON = try await client.send(.post, "/manage/obwac-certificates", raw: "{\"Certificate\": ")
            #expect(notJSON.status == .badRequest)
            #expect((notJSON["detail"] as? String)?.contains("not well-formed JSON") == true, "\(notJSON.text)")

            let empty = try await client.send(.post, "/manage/obwac-certificates", raw: "")
            #expect(empty.status == .badRequest)

            let array = try await client.send(.post, "/manage/obwac-certificates", raw: "[]")
            #expect(array.status == .badRequest)

            var wrongType = fixture.wacBody
            wrongType["Certificate"] = 42
            let typed = try await client.send(.post, "/manage/obwac-certificates", json: wrongType)
            #expect(typed.status == .badRequest)
            #expect(typed["field"] as? String == "Certificate")
            #expect((typed["detail"] as? String)?.contains("must be a string") == true)

            var nested = fixture.wacBody
            nested["AssociatedKey"] = ["Source": "Configuration"]
            let missingName = try await client.send(.post, "/manage/obwac-certificates", json: nested)
            #expect(missingName.status == .badRequest)
            #expect(missingName["field"] as? String == "AssociatedKey.Name")
        }
    }

    @Test func unknownAndNonUUIDIdsAreNotFound() async throws {
        let runtime = try runtime()
        defer { runtime.removeFiles() }
        try await runtime.withServer { client in
            for path in ["/manage/obwac-certificates", "/manage/obseal-certificates"] {
                let unknown = try await client.send(.get, "\(path)/\(UUID().uuidString)")
                #expect(unknown.status == .notFound)
                #expect(unknown.contentType == "application/problem+json")
                let notUUID = try await client.send(.get, "\(path)/not-a-uuid")
                #expect(notUUID.status == .notFound)
                #expect((notUUID["detail"] as? String)?.contains("not a UUID") == true)
                let deleteNotUUID = try await client.send(.delete, "\(path)/42")
                #expect(deleteNotUUID.status == .notFound)
            }
            let noRoute = try await client.send(.get, "/manage/nothing-here")
            #expect(noRoute.status == .notFound)
            #expect(noRoute.contentType == "application/problem+json")
        }
    }
}
