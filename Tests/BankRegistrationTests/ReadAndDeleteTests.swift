import Foundation
import OBCTestSupport
import Testing

@Suite("GET and DELETE bank registrations with and without the bank")
struct ReadAndDeleteTests {
    @Test func getCallsTheBankWhenTheProfileSupportsItUnlessExcluded() async throws {
        try await RegistrationHarness.withServer { harness, client, statement in
            let simulator = harness.simulator
            // HSBC: GET /register with a client-credentials token (scope "accounts"), aud = issuer,
            // application/jose and millisecond timestamps.
            let created = try await harness.register(client, profile: "Hsbc_UkPersonal", statement: statement)
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(created["Id"] as? String)
            let read = try await client.send(.get, "/manage/bank-registrations/\(id)")
            #expect(read.status == .ok, "\(read.text)")
            #expect((read["ExternalApiResponse"] as? [String: Any])?["client_id"] as? String == created["ExternalApiId"] as? String)
            #expect(simulator.registrationGets("Hsbc_UkPersonal") == 1)
            #expect(simulator.tokenRequests("Hsbc_UkPersonal") == 1)
            _ = try await client.send(.get, "/manage/bank-registrations/\(id)")
            #expect(simulator.tokenRequests("Hsbc_UkPersonal") == 1, "the client-credentials token is cached")

            let local = try await client.send(
                .get, "/manage/bank-registrations/\(id)", headers: [.init("x-obc-exclude-external-api-operation")!: "true"]
            ).status
            #expect(local == .ok)
            #expect(simulator.registrationGets("Hsbc_UkPersonal") == 2)

            let bad = try await client.send(
                .get, "/manage/bank-registrations/\(id)", headers: [.init("x-obc-exclude-external-api-operation")!: "maybe"]
            ).status
            #expect(bad == .badRequest)
        }
    }

    @Test func deleteCallsTheBankOnlyForTheLastUserOfTheClient() async throws {
        try await RegistrationHarness.with { harness in
            let simulator = harness.simulator
            try await harness.runtime.withServer { client in
                let statement = try await harness.createSoftwareStatement(client)
                // Lloyds Sandbox: GET and DELETE with the registration access token.
                let first = try await harness.register(client, profile: "Lloyds_Sandbox", statement: statement)
                #expect(first.status == .created, "\(first.text)")
                let second = try await harness.register(client, profile: "Lloyds_Sandbox", statement: statement)
                let firstId = try #require(first["Id"] as? String)
                let secondId = try #require(second["Id"] as? String)

                let shared = try await client.send(.delete, "/manage/bank-registrations/\(firstId)")
                #expect(shared.status == .ok)
                #expect((shared["Warnings"] as? [String])?.first?.contains("still used") == true)
                #expect(simulator.deletedClients.isEmpty)
                #expect(try await client.send(.get, "/manage/bank-registrations/\(firstId)").status == .notFound)

                let last = try await client.send(.delete, "/manage/bank-registrations/\(secondId)")
                #expect(last.status == .ok, "\(last.text)")
                #expect(simulator.deletedClients == [first["ExternalApiId"] as? String ?? ""])
                #expect(simulator.tokenRequests("Lloyds_Sandbox") == 0, "Lloyds Sandbox uses the registration access token")

                // A fresh client after deleting everything; the header keeps the bank out of it.
                let third = try await harness.register(client, profile: "Lloyds_Sandbox", statement: statement)
                #expect(third["ExternalApiId"] as? String != first["ExternalApiId"] as? String)
                let thirdId = try #require(third["Id"] as? String)
                let localOnly = try await client.send(
                    .delete, "/manage/bank-registrations/\(thirdId)", headers: [.init("x-obc-exclude-external-api-operation")!: "true"]
                ).status
                #expect(localOnly == .ok)
                #expect(simulator.deletedClients.count == 1)
            }
            for secret in harness.simulator.issuedSecrets("Lloyds_Sandbox") {
                #expect(!harness.runtime.logs.text.contains(secret))
            }
        }
    }

    @Test func noSecretReachesAResponseTheLogsOrTheDatabase() async throws {
        try await RegistrationHarness.with { harness in
            let responses = ResponseText()
            try await harness.runtime.withServer { client in
                let statement = try await harness.createSoftwareStatement(client)
                for profile in ["Lloyds_Sandbox", "Hsbc_UkPersonal", "NatWest_NatWest"] {
                    let created = try await harness.register(client, profile: profile, statement: statement)
                    await responses.add(created.text)
                    if let id = created["Id"] as? String { await responses.add(try await client.send(.get, "/manage/bank-registrations/\(id)").text) }
                }
            }
            var secrets = harness.secretValues
            for profile in ["Lloyds_Sandbox", "Hsbc_UkPersonal", "NatWest_NatWest"] {
                secrets += harness.simulator.issuedSecrets(profile)
            }
            #expect(secrets.count > 3)
            let database =
                try Data(contentsOf: URL(fileURLWithPath: harness.runtime.databasePath))
                + ((try? Data(contentsOf: URL(fileURLWithPath: harness.runtime.databasePath + "-wal"))) ?? Data())
            let everything = await responses.text + harness.runtime.logs.text
            for secret in secrets {
                #expect(!everything.contains(secret))
                #expect(database.range(of: Data(secret.utf8)) == nil)
            }
        }
    }
}

actor ResponseText {
    var text = ""
    func add(_ line: String) { text += line + "\n" }
}
