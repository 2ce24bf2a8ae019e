import Foundation
import HummingbirdTesting
import OBCTestSupport
import Testing

/// Issue 9 items 7-9: a request gets one answer, a bank's refusal is the bank's (502/504),
/// and a client left alive at the bank is reported.
@Suite("Supplied secrets, bank refusals on GET/DELETE, clients the bank cannot delete", .serialized)
struct BankFailureAndWarningTests {
    @Test func aSuppliedSecretWithoutExternalApiIdIsRefusedTheSameWayEveryTime() async throws {
        try await RegistrationHarness.withServer { harness, client, statement in
            for _ in 0..<2 {
                let refused = try await harness.register(
                    client, profile: "Obie_Model2023", statement: statement, extra: ["ExternalApiSecret": "s3cret"])
                #expect(refused.status == .badRequest, "\(refused.text)")
                #expect(refused["field"] as? String == "ExternalApiSecret")
                #expect((refused["detail"] as? String)?.contains("ExternalApiId") == true)
            }
            let fromSecrets = try await harness.register(
                client, profile: "Obie_Model2023", statement: statement,
                extra: ["RegistrationAccessTokenFromSecrets": ["Name": "OpenBankingConnector:Keys:ObSeal"]])
            #expect(fromSecrets.status == .badRequest, "\(fromSecrets.text)")
            #expect(fromSecrets["field"] as? String == "RegistrationAccessTokenFromSecrets")
            #expect(harness.simulator.registrationPosts("Obie_Model2023") == 0, "nothing reached the bank")

            // The same secret with its client id is accepted, and a repeat re-uses the client.
            let supplied: [String: any Sendable] = ["ExternalApiId": "portal-client", "ExternalApiSecret": "s3cret"]
            let first = try await harness.register(client, profile: "Obie_Model2023", statement: statement, extra: supplied)
            #expect(first.status == .created, "\(first.text)")
            let again = try await harness.register(client, profile: "Obie_Model2023", statement: statement, extra: supplied)
            #expect(again.status == .created, "\(again.text)")
        }
    }

    @Test func aBankRefusingAReadIsABadGatewayWithTheBanksStatusInside() async throws {
        try await RegistrationHarness.withServer { harness, client, statement in
            let simulator = harness.simulator
            let id = try await harness.registrationId(client, profile: "Hsbc_UkPersonal", statement: statement)

            simulator.setFault(.status(401, body: #"{"error":"invalid_token"}"#), on: .registerGet, profileId: "Hsbc_UkPersonal")
            let unauthorised = try await client.send(.get, "/manage/bank-registrations/\(id)")
            expectBadGateway(unauthorised, endpointStatus: "401", method: "GET")
            #expect((unauthorised["endpointResponse"] as? String)?.contains("invalid_token") == true)
            #expect((unauthorised["detail"] as? String)?.contains("HTTP 401") == true)

            simulator.clearFaults()
            simulator.setFault(.status(404, body: #"{"error":"not_found"}"#), on: .registerGet, profileId: "Hsbc_UkPersonal")
            #expect(try await client.send(.get, "/manage/bank-registrations/\(id)").status == .badGateway)

            simulator.clearFaults()
            simulator.setFault(.delay(.seconds(8)), on: .registerGet, profileId: "Hsbc_UkPersonal")
            let slow = try await client.send(.get, "/manage/bank-registrations/\(id)")
            #expect(slow.status == .gatewayTimeout, "\(slow.text)")
            simulator.clearFaults()
            #expect(try await client.send(.get, "/manage/bank-registrations/\(id)").status == .ok)
        }
    }

    @Test func aBankRefusingADeleteOrItsTokenIsABadGatewayNamingTheClientLeftAtTheBank() async throws {
        try await RegistrationHarness.withServer { harness, client, statement in
            let simulator = harness.simulator
            // Lloyds Sandbox deletes with its registration access token.
            let lloydsId = try await harness.registrationId(client, profile: "Lloyds_Sandbox", statement: statement)
            simulator.setFault(.status(401, body: #"{"error":"invalid_token"}"#), on: .registerDelete, profileId: "Lloyds_Sandbox")
            let refused = try await client.send(.delete, "/manage/bank-registrations/\(lloydsId)")
            expectBadGateway(refused, endpointStatus: "401", method: "DELETE")
            #expect(simulator.deletedClients.isEmpty)
            // The registration left this store first (so no concurrent request could re-use a
            // client being deleted); the problem says the client may live on at the bank.
            #expect((refused["detail"] as? String)?.contains("may live on there") == true, "\(refused.text)")
            let gone = try await client.execute(
                uri: "/manage/bank-registrations/\(lloydsId)", method: .get, headers: [.init("x-obc-exclude-external-api-operation")!: "true"]
            ) { response in response.status }
            #expect(gone == .notFound)

            // Hsbc reads with a client-credentials token: the token endpoint's 500 is the bank's fault too.
            let hsbcId = try await harness.registrationId(client, profile: "Hsbc_UkPersonal", statement: statement)
            simulator.setFault(.status(500, body: #"{"error":"server_error"}"#), on: .token, profileId: "Hsbc_UkPersonal")
            let token = try await client.send(.get, "/manage/bank-registrations/\(hsbcId)")
            expectBadGateway(token, endpointStatus: "500", method: "POST")
        }
    }

    /// Issue 10 §4: HSBC's client-credentials token asks for the registration's own scope.
    @Test func aPaymentsOnlyHsbcRegistrationCanBeReadAtTheBank() async throws {
        try await RegistrationHarness.withServer { harness, client, statement in
            for (profile, scope) in [("Hsbc_UkPersonal", "PaymentInitiation"), ("Hsbc_UkBusiness", "FundsConfirmation")] {
                let created = try await harness.register(client, profile: profile, statement: statement, extra: ["RegistrationScope": scope])
                let id = try #require(created["Id"] as? String, "\(created.text)")
                let read = try await client.send(.get, "/manage/bank-registrations/\(id)")
                #expect(read.status == .ok, "\(profile) \(scope): \(read.text)")
                #expect(harness.simulator.registrationGets(profile) == 1)
            }
        }
    }

    @Test func deletingAClientTheBankCannotDeleteSaysSoAndLogsIt() async throws {
        try await RegistrationHarness.withServer { harness, client, statement in
            // NatWest offers no DELETE /register/{ClientId}.
            let created = try await harness.register(client, profile: "NatWest_NatWest", statement: statement)
            let id = try #require(created["Id"] as? String, "\(created.text)")
            let clientId = try #require(created["ExternalApiId"] as? String)
            let deleted = try await client.send(.delete, "/manage/bank-registrations/\(id)")
            #expect(deleted.status == .ok, "\(deleted.text)")
            let warning = try #require((deleted["Warnings"] as? [String])?.first, "\(deleted.text)")
            #expect(warning.contains(clientId))
            #expect(warning.contains("NatWest_NatWest"))
            #expect(harness.runtime.logs.text.contains(warning))

            // The caller who keeps the bank out of it on purpose gets no warning.
            let second = try await harness.register(client, profile: "NatWest_NatWest", statement: statement)
            let secondId = try #require(second["Id"] as? String, "\(second.text)")
            let local = try await client.execute(
                uri: "/manage/bank-registrations/\(secondId)", method: .delete, headers: [.init("x-obc-exclude-external-api-operation")!: "true"]
            ) { response in String(buffer: response.body) }
            #expect(!local.contains("Warnings"), "\(local)")
        }
    }

    /// A bank's refusal passed through as OBC does: 502 problem+json with the bank's status and the method it refused.
    func expectBadGateway(_ response: JSONResponse, endpointStatus: String, method: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(response.status == .badGateway, "\(response.text)", sourceLocation: sourceLocation)
        #expect(response.contentType == "application/problem+json", sourceLocation: sourceLocation)
        #expect(response["endpointStatus"] as? String == endpointStatus, sourceLocation: sourceLocation)
        #expect(response["endpointHttpMethod"] as? String == method, sourceLocation: sourceLocation)
    }
}
