import Foundation
import OBCTestSupport
import Testing

@Suite("Software statements through the real server")
struct SoftwareStatementEndpointTests {
    let fixture = try! ManagementFixture()

    @Test func createListReadUpdateAndDelete() async throws {
        let runtime = try TestRuntime(environment: fixture.environment)
        defer { runtime.removeFiles() }
        let fixture = self.fixture
        try await runtime.withServer { client in
            let (wac, seal) = try await fixture.createCertificates(client)
            let created = try await client.send(
                .post, "/manage/software-statements", json: ManagementFixture.softwareStatementBody(wacId: wac, sealId: seal))
            #expect(created.status == .created)
            let id = try #require(created["Id"] as? String)
            #expect(created.headers[.location] == "/manage/software-statements/\(id)")
            #expect(created["SandboxEnvironment"] as? Bool == true)
            #expect(created["DefaultObWacCertificateId"] as? String == wac)

            let list = try await client.send(.get, "/manage/software-statements")
            #expect(list.status == .ok)
            let data = try #require(list["Data"] as? [[String: Any]])
            #expect(data.map { $0["Id"] as? String } == [id])

            let (wac2, _) = try await fixture.createCertificates(client)
            let updated = try await client.send(
                .put, "/manage/software-statements/\(id)",
                json: ["DefaultObWacCertificateId": wac2, "DefaultQueryRedirectUrl": "https://tpp.example.com/q2"])
            #expect(updated.status == .ok)
            #expect(updated["DefaultObWacCertificateId"] as? String == wac2)
            #expect(updated["DefaultQueryRedirectUrl"] as? String == "https://tpp.example.com/q2")
            #expect(updated["DefaultFragmentRedirectUrl"] as? String == "https://tpp.example.com/fragment")

            let read = try await client.send(.get, "/manage/software-statements/\(id)")
            #expect(read["DefaultObWacCertificateId"] as? String == wac2)

            #expect(try await client.send(.delete, "/manage/software-statements/\(id)").status == .ok)
            #expect(try await client.send(.get, "/manage/software-statements/\(id)").status == .notFound)
            #expect(try await client.send(.put, "/manage/software-statements/\(id)", json: [:]).status == .notFound)
            let after = try await client.send(.get, "/manage/software-statements")
            #expect((after["Data"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func certificateIdsMustExistAndBeLive() async throws {
        let runtime = try TestRuntime(environment: fixture.environment)
        defer { runtime.removeFiles() }
        let fixture = self.fixture
        try await runtime.withServer { client in
            let (wac, seal) = try await fixture.createCertificates(client)
            let missingWac = try await client.send(
                .post, "/manage/software-statements", json: ManagementFixture.softwareStatementBody(wacId: UUID().uuidString, sealId: seal))
            #expect(missingWac.status == .badRequest)
            #expect(missingWac["field"] as? String == "DefaultObWacCertificateId")

            #expect(try await client.send(.delete, "/manage/obseal-certificates/\(seal)").status == .ok)
            let deletedSeal = try await client.send(
                .post, "/manage/software-statements", json: ManagementFixture.softwareStatementBody(wacId: wac, sealId: seal))
            #expect(deletedSeal.status == .badRequest)
            #expect(deletedSeal["field"] as? String == "DefaultObSealCertificateId")

            var notUUID = ManagementFixture.softwareStatementBody(wacId: wac, sealId: seal)
            notUUID["DefaultObSealCertificateId"] = "seal-1"
            let badId = try await client.send(.post, "/manage/software-statements", json: notUUID)
            #expect(badId.status == .badRequest)
            #expect(badId["field"] as? String == "DefaultObSealCertificateId")
            #expect((badId["detail"] as? String)?.contains("UUID") == true)
        }
    }

    @Test(arguments: ["http://tpp.example.com/cb", "/relative/path", "not a url", "https://"])
    func redirectUrlsMustBeAbsoluteHttps(url: String) async throws {
        let runtime = try TestRuntime(environment: fixture.environment)
        defer { runtime.removeFiles() }
        let fixture = self.fixture
        try await runtime.withServer { client in
            let (wac, seal) = try await fixture.createCertificates(client)
            var body = ManagementFixture.softwareStatementBody(wacId: wac, sealId: seal)
            body["DefaultFragmentRedirectUrl"] = url
            let response = try await client.send(.post, "/manage/software-statements", json: body)
            #expect(response.status == .badRequest)
            #expect(response["field"] as? String == "DefaultFragmentRedirectUrl")

            let statement = try await client.send(
                .post, "/manage/software-statements", json: ManagementFixture.softwareStatementBody(wacId: wac, sealId: seal))
            let id = try #require(statement["Id"] as? String)
            let update = try await client.send(.put, "/manage/software-statements/\(id)", json: ["DefaultQueryRedirectUrl": url])
            #expect(update.status == .badRequest)
            #expect(update["field"] as? String == "DefaultQueryRedirectUrl")
        }
    }

    @Test func missingRequiredPropertyIsNamed() async throws {
        let runtime = try TestRuntime(environment: fixture.environment)
        defer { runtime.removeFiles() }
        try await runtime.withServer { client in
            var body = ManagementFixture.softwareStatementBody(wacId: UUID().uuidString, sealId: UUID().uuidString)
            body.removeValue(forKey: "SoftwareId")
            let response = try await client.send(.post, "/manage/software-statements", json: body)
            #expect(response.status == .badRequest)
            #expect(response["field"] as? String == "SoftwareId")
            #expect((response["detail"] as? String)?.contains("required") == true)
        }
    }

    @Test func certificateInUseCannotBeDeleted() async throws {
        let runtime = try TestRuntime(environment: fixture.environment)
        defer { runtime.removeFiles() }
        let fixture = self.fixture
        try await runtime.withServer { client in
            let (wac, seal, statement) = try await fixture.createSoftwareStatement(client)
            for path in ["/manage/obwac-certificates/\(wac)", "/manage/obseal-certificates/\(seal)"] {
                let refused = try await client.send(.delete, path)
                #expect(refused.status == .conflict)
                #expect(refused.contentType == "application/problem+json")
                #expect((refused["detail"] as? String)?.contains(statement) == true)
                #expect(try await client.send(.get, path).status == .ok)
            }
            #expect(try await client.send(.delete, "/manage/software-statements/\(statement)").status == .ok)
            #expect(try await client.send(.delete, "/manage/obwac-certificates/\(wac)").status == .ok)
            #expect(try await client.send(.delete, "/manage/obseal-certificates/\(seal)").status == .ok)
        }
    }
}
