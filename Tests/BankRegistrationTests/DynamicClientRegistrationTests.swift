import Foundation
import OBCTestSupport
import Testing

@Suite("Bank registrations with DCR against the simulated Open Banking environment")
struct DynamicClientRegistrationTests {
    /// One profile per DCR version (v3.1 by OBC's DefaultClientRegistrationApiVersion setting).
    @Test(arguments: [
        ("Obie_Model2023", [:], "Version3p2"),
        ("Nationwide_Nationwide", [:], "Version3p3"),
        ("Obie_Model2023", ["OpenBankingConnector__BankProfiles__Obie__Model2023__DefaultClientRegistrationApiVersion": "Version3p1"], "Version3p1"),
    ])
    func eachDCRVersionEndToEnd(profile: String, configuration: [String: String], version: String) async throws {
        try await RegistrationHarness.with(extraConfiguration: configuration) { harness in
            let simulator = harness.simulator
            try await harness.runtime.withServer { client in
                let statement = try await harness.createSoftwareStatement(client)
                let created = try await harness.register(client, profile: profile, statement: statement)
                #expect(created.status == .created, "\(created.text)")
                let id = try #require(created["Id"] as? String)
                #expect(created.headers[.location] == "/manage/bank-registrations/\(id)")
                let externalId = try #require(created["ExternalApiId"] as? String)
                let registered = simulator.registeredClients(profile)
                #expect(registered.map(\.clientId) == [externalId])
                #expect(simulator.registrationPosts(profile) == 1)
                let response = try #require(created["ExternalApiResponse"] as? [String: Any])
                #expect(response["client_id"] as? String == externalId)
                #expect(response["client_secret"] == nil)
                #expect(response["registration_access_token"] == nil)
                #expect(response["tls_client_auth_subject_dn"] is String)
                #expect(created["BankProfile"] as? String == profile)
                #expect(created["UseSimulatedBank"] as? Bool == true)
                #expect((created["TokenEndpoint"] as? String)?.hasPrefix(simulator.baseURL) == true)
                #expect(created["RegistrationScope"] as? String == "All")
                let read = try await client.send(.get, "/manage/bank-registrations/\(id)")
                #expect(read.status == .ok)
                #expect(read["ExternalApiId"] as? String == externalId)
            }
            #expect(simulator.profiles.first { $0.id == profile }?.dcrVersion.rawValue == version)
        }
    }

    @Test func natWestQuirksAndClientReuseInTheRegistrationGroup() async throws {
        try await RegistrationHarness.with { harness in
            let simulator = harness.simulator
            try await harness.runtime.withServer { client in
                let statement = try await harness.createSoftwareStatement(client)
                let first = try await harness.register(client, profile: "NatWest_NatWest", statement: statement)
                #expect(first.status == .created, "\(first.text)")
                #expect(first["TokenEndpointAuthMethod"] as? String == "PrivateKeyJwt")
                let dn = try #require((first["ExternalApiResponse"] as? [String: Any])?["tls_client_auth_subject_dn"] as? String)
                #expect(dn.contains("2.5.4.97=#"), "NatWest wants the organisation identifier in dotted-decimal hex form: \(dn)")
                // Bankline is in NatWest's production registration group: the client is re-used.
                let second = try await harness.register(client, profile: "NatWest_NatWestBankline", statement: statement)
                #expect(second.status == .created, "\(second.text)")
                #expect(second["ExternalApiId"] as? String == first["ExternalApiId"] as? String)
                #expect(second["ExternalApiResponse"] == nil)
                #expect(simulator.registrationPosts("NatWest_NatWestBankline") == 0)
                // Mettle is its own group: a new client.
                let mettle = try await harness.register(client, profile: "NatWest_Mettle", statement: statement)
                #expect(mettle.status == .created, "\(mettle.text)")
                #expect(mettle["ExternalApiId"] as? String != first["ExternalApiId"] as? String)
                // Sandbox answers scope as an array; the connector reads it back as a string.
                let sandbox = try await harness.register(client, profile: "NatWest_NatWestSandbox", statement: statement)
                #expect(sandbox.status == .created, "\(sandbox.text)")
                #expect((sandbox["ExternalApiResponse"] as? [String: Any])?["scope"] is String)
            }
            #expect(simulator.registrationPosts("NatWest_NatWest") == 1)
        }
    }

    @Test func incompatibleReuseIsAConflict() async throws {
        try await RegistrationHarness.withServer { harness, client, statement in
            let first = try await harness.register(
                client, profile: "NatWest_NatWest", statement: statement, extra: ["RegistrationScope": "AccountAndTransaction"])
            #expect(first.status == .created, "\(first.text)")
            let clash = try await harness.register(
                client, profile: "NatWest_NatWestBankline", statement: statement, extra: ["RegistrationScope": "PaymentInitiation"])
            #expect(clash.status == .conflict)
            #expect(clash.contentType == "application/problem+json")
            #expect((clash["detail"] as? String)?.contains("RegistrationScope") == true)
            let otherClient = try await harness.register(
                client, profile: "NatWest_NatWestBankline", statement: statement, extra: ["ExternalApiId": "someone-else"])
            #expect(otherClient.status == .conflict)
        }
    }

    @Test func monzoSeparatesAccountAndPaymentClients() async throws {
        try await RegistrationHarness.withServer { harness, client, statement in
            let aisp = try await harness.register(
                client, profile: "Monzo_Sandbox", statement: statement, extra: ["RegistrationScope": "AccountAndTransaction"])
            let pisp = try await harness.register(
                client, profile: "Monzo_Sandbox", statement: statement, extra: ["RegistrationScope": "PaymentInitiation"])
            #expect(aisp.status == .created, "\(aisp.text)")
            #expect(pisp.status == .created, "\(pisp.text)")
            #expect(aisp["ExternalApiId"] as? String != pisp["ExternalApiId"] as? String)
            let both = try await harness.register(client, profile: "Monzo_Sandbox", statement: statement)
            #expect(both.status == .badRequest)
            #expect(both["field"] as? String == "RegistrationScope")
            #expect(harness.simulator.registrationPosts("Monzo_Sandbox") == 2)
        }
    }

    @Test func barclaysNeedsAnExternalApiId() async throws {
        try await RegistrationHarness.withServer { harness, client, statement in
            let refused = try await harness.register(client, profile: "Barclays_Personal", statement: statement)
            #expect(refused.status == .badRequest)
            #expect(refused["field"] as? String == "ExternalApiId")
            #expect((refused["detail"] as? String)?.contains("portal") == true)
            let supplied = try await harness.register(
                client, profile: "Barclays_Personal", statement: statement,
                extra: ["ExternalApiId": "portal-client-1", "ExternalApiSecret": "portal-secret-value-1"])
            #expect(supplied.status == .created, "\(supplied.text)")
            #expect(supplied["ExternalApiId"] as? String == "portal-client-1")
            #expect(!supplied.text.contains("portal-secret-value-1"))
            let both = try await harness.register(
                client, profile: "Barclays_Wealth", statement: statement,
                extra: ["ExternalApiId": "portal-client-1", "ExternalApiSecret": "x", "ExternalApiSecretFromSecrets": ["Name": "y"]])
            #expect(both.status == .badRequest)
            #expect(both["field"] as? String == "ExternalApiSecret")
            #expect(harness.simulator.registrationPosts("Barclays_Personal") == 0)
        }
    }

    @Test func requestValidationNamesTheField() async throws {
        try await RegistrationHarness.with { harness in
            try await harness.runtime.withServer { client in
                let statement = try await harness.createSoftwareStatement(client)
                let unknownProfile = try await harness.register(client, profile: "Nope_Bank", statement: statement)
                #expect(unknownProfile.status == .badRequest)
                #expect(unknownProfile["field"] as? String == "BankProfile")
                let unknownStatement = try await harness.register(client, profile: "Obie_Model2023", statement: UUID().uuidString)
                #expect(unknownStatement.status == .badRequest)
                #expect(unknownStatement["field"] as? String == "SoftwareStatementId")
                let badScope = try await harness.register(
                    client, profile: "Obie_Model2023", statement: statement, extra: ["RegistrationScope": "Everything"])
                #expect(badScope["field"] as? String == "RegistrationScope")
                let outsideSSA = try await harness.register(
                    client, profile: "Obie_Model2023", statement: statement, extra: ["RedirectUris": ["https://elsewhere.example.com/cb"]])
                #expect(outsideSSA.status == .badRequest)
                #expect(outsideSSA["field"] as? String == "RedirectUris")
                let missing = try await client.send(.post, "/manage/bank-registrations", json: ["BankProfile": "Obie_Model2023"])
                #expect(missing["field"] as? String == "SoftwareStatementId")
            }
            #expect(harness.simulator.registrationPosts("Obie_Model2023") == 0)
        }
    }
}
