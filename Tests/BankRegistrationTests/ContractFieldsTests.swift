import Foundation
import OBCApp
import OBCHTTP
import OBCTestSupport
import Testing

/// The fields OBC's 18.5.0 contract has that a client generated from it reads: every response
/// here is also checked against OBC's document by `send`.
@Suite("OBC's registration response fields, stored and returned")
struct ContractFieldsTests {
    @Test func swaggerExampleIsAcceptedAndProfileDefaultsAreReturned() async throws {
        try await RegistrationHarness.withServer { harness, client, statement in
            let document = try await client.send(.get, "/swagger/v1/swagger.json").object
            let post = ((document["paths"] as? [String: Any])?["/manage/bank-registrations"] as? [String: Any])?["post"] as? [String: Any]
            let media = ((post?["requestBody"] as? [String: Any])?["content"] as? [String: Any])?["application/json"] as? [String: Any]
            var example = try #require(media?["example"] as? [String: Any])
            #expect(Set(example.keys) == ["BankProfile", "SoftwareStatementId", "UseSimulatedBank"])
            example["SoftwareStatementId"] = statement
            let created = try await client.send(
                .post, "/manage/bank-registrations", raw: String(decoding: try JSONSerialization.data(withJSONObject: example), as: UTF8.self))
            #expect(created.status == .created, "\(created.text)")
            // Obie_Model2023 sets no response mode (code id_token → fragment) and no v4 default.
            #expect(created["DefaultResponseModeOverride"] as? String == "fragment")
            #expect(created["BankGroup"] as? String == "Obie")
            #expect(created["AispUseV4"] as? Bool == false)
            #expect(created["PispUseV4"] as? Bool == false)
            #expect(created["VrpUseV4"] as? Bool == false)
        }
    }

    @Test func requestValuesWinAndAreStored() async throws {
        try await RegistrationHarness.withServer { harness, client, statement in
            // Hsbc_UkBusiness: OBC sets response mode query and v4 by default for all three APIs.
            let defaults = try await harness.register(client, profile: "Hsbc_UkBusiness", statement: statement)
            #expect(defaults.status == .created, "\(defaults.text)")
            #expect(defaults["DefaultResponseModeOverride"] as? String == "query")
            #expect(defaults["AispUseV4"] as? Bool == true && defaults["PispUseV4"] as? Bool == true && defaults["VrpUseV4"] as? Bool == true)
            let chosen = try await harness.register(
                client, profile: "Hsbc_UkBusiness", statement: statement,
                extra: ["DefaultResponseModeOverride": "form_post", "AispUseV4": false, "VrpUseV4": false])
            #expect(chosen.status == .created, "\(chosen.text)")
            let id = try #require(chosen["Id"] as? String)
            let read = try await client.send(
                .get, "/manage/bank-registrations/\(id)", headers: [.init("x-obc-exclude-external-api-operation")!: "true"])
            #expect(read["DefaultResponseModeOverride"] as? String == "form_post")
            #expect(read["AispUseV4"] as? Bool == false)
            #expect(read["PispUseV4"] as? Bool == true)
            #expect(read["VrpUseV4"] as? Bool == false)
            let bad = try await harness.register(
                client, profile: "Hsbc_UkBusiness", statement: statement, extra: ["DefaultResponseModeOverride": "post"])
            #expect(bad.status == .badRequest)
            #expect(bad["field"] as? String == "DefaultResponseModeOverride")
        }
    }

    /// HSBC answers client_id_issued_at in milliseconds and echoes SSA members OBC's schema forbids.
    @Test func externalApiResponseHasOBCsShapeAndTheRestIsInAHeader() async throws {
        try await RegistrationHarness.withServer { harness, client, statement in
            let started = Date()
            let created = try await harness.register(client, profile: "Hsbc_UkPersonal", statement: statement)
            #expect(created.status == .created, "\(created.text)")
            let response = try #require(created["ExternalApiResponse"] as? [String: Any])
            let issuedAt = try #require(response["client_id_issued_at"] as? String)
            let date = try Date.ISO8601FormatStyle().parse(issuedAt)
            #expect(abs(date.timeIntervalSince(started)) < 120, "seconds, not milliseconds: \(issuedAt)")
            for forbidden in ["org_id", "org_name", "software_roles", "software_client_name", "software_jwks_endpoint"] {
                #expect(response[forbidden] == nil)
            }
            let header = try #require(created.headers[.init("x-obc-external-api-response-extensions")!])
            let extensions = try #require(try JSONSerialization.jsonObject(with: Data(header.utf8)) as? [String: Any])
            #expect(extensions["org_id"] as? String == harness.simulator.tpp.organisationId)
            #expect(extensions["client_id"] == nil)
        }
    }

    @Test(
        .enabled(
            if: TestEnvironment.runs(needing: TestEnvironment.obcDocumentPresent), Comment(rawValue: TestEnvironment.obcDocumentMissing)))
    func everyRegisteredBankGroupIsOneOfOBCsValues() throws {
        let runtime = try TestRuntime()
        defer { runtime.removeFiles() }
        let services = try runtime.makeRuntime().services
        let document = openAPIDocument(services: services)
        let groups = document["components"]?["schemas"]?["BankGroup"]?["enum"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let obc = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: ResponseContract.obcDocumentPath))) as? [String: Any]
        let obcGroups = ((obc?["components"] as? [String: Any])?["schemas"] as? [String: Any])?["BankGroup"] as? [String: Any]
        #expect(groups == obcGroups?["enum"] as? [String])
        #expect(Set(services.registry.bankGroups.keys).isSubset(of: Set(groups)))
    }
}
