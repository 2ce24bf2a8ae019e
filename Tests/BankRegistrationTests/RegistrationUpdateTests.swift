import Foundation
import HTTPTypes
import HummingbirdTesting
import OBCTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `PUT /manage/bank-registrations/{id}`: the client updated at the simulated bank with
/// `PUT /register/{ClientId}`, rebuilt from a fresh SSA.
@Suite("Updating a registration's client at the bank (PUT /register/{ClientId})", .serialized)
struct RegistrationUpdateTests {
    static let renewedRedirect = "https://tpp.example.com/auth/renewed-redirect"
    static let exclude: HTTPFields = [.init("x-obc-exclude-external-api-operation")!: "true"]

    /// OBC's configuration key that says the bank supports PUT /register.
    static func supportsPut(_ group: String, _ bank: String) -> [String: String] {
        ["OpenBankingConnector__BankProfiles__\(group)__\(bank)__UseRegistrationPutEndpoint": "true"]
    }

    static func update(_ client: any TestClientProtocol, _ id: String) async throws -> JSONResponse {
        // OBC's 18.5.0 document has no PUT on this path: the served document validates the answer.
        try await client.send(.put, "/manage/bank-registrations/\(id)", json: [:], checkOBCDocument: false)
    }

    /// One profile per DCR version, and one using the registration access token (Lloyds Sandbox).
    @Test(arguments: [
        ("Obie_Model2023", supportsPut("Obie", "Model2023")),
        ("Nationwide_Nationwide", supportsPut("Nationwide", "Nationwide")),
        (
            "Obie_Model2023",
            supportsPut("Obie", "Model2023").merging(
                ["OpenBankingConnector__BankProfiles__Obie__Model2023__DefaultClientRegistrationApiVersion": "Version3p1"]) { a, _ in a }
        ),
        ("Lloyds_Sandbox", supportsPut("Lloyds", "Sandbox")),
    ])
    func theBankSeesTheNewRedirectURL(profile: String, configuration: [String: String]) async throws {
        try await RegistrationHarness.withServer(extraConfiguration: configuration) { harness, client, statement in
            let simulator = harness.simulator
            let created = try await harness.register(client, profile: profile, statement: statement)
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(created["Id"] as? String)
            let externalId = try #require(created["ExternalApiId"] as? String)
            let ssaRequests = simulator.ssaRequests
            simulator.setSoftwareRedirectURIs(simulator.tpp.redirectURIs + [Self.renewedRedirect])

            let updated = try await Self.update(client, id)
            #expect(updated.status == .ok, "\(updated.text)")
            #expect(updated["ExternalApiId"] as? String == externalId)
            #expect((updated["RedirectUris"] as? [String])?.contains(Self.renewedRedirect) == true)
            let answer = try #require(updated["ExternalApiResponse"] as? [String: Any])
            #expect(answer["client_id"] as? String == externalId)
            #expect(answer["registration_access_token"] == nil, "issued secrets never reach a response")
            #expect(simulator.registrationPuts(profile) == 1)
            #expect(simulator.ssaRequests > ssaRequests, "the update is built from a fresh SSA")
            let atBank = try #require(simulator.registeredClients(profile).first { $0.clientId == externalId })
            #expect(atBank.redirectURIs.contains(Self.renewedRedirect))
            #expect(simulator.registeredClients(profile).count == 1, "the client is updated, not registered again")

            let stored = try await client.send(.get, "/manage/bank-registrations/\(id)", headers: Self.exclude)
            #expect((stored["RedirectUris"] as? [String])?.contains(Self.renewedRedirect) == true)
            for secret in simulator.issuedSecrets(profile) { #expect(!harness.runtime.logs.text.contains(secret)) }
        }
    }

    /// An operator-added profile switches PUT on in its YAML (private_key_jwt, client-credentials token).
    @Test func anOperatorProfileSwitchesPutOnInItsYAML() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("obc-operator-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let yaml = OperatorProfileTests.society.replacingOccurrences(
            of: "  useRegistrationDeleteEndpoint: true\n", with: "  useRegistrationDeleteEndpoint: true\n  useRegistrationPutEndpoint: true\n")
        #expect(yaml.contains("useRegistrationPutEndpoint"))
        try yaml.write(to: folder.appendingPathComponent("harbour.yaml"), atomically: true, encoding: .utf8)
        let profile = "HarbourBuildingSociety_Personal"
        try await RegistrationHarness.withServer(extraConfiguration: ["OpenBankingConnector__BankProfiles__Directory": folder.path]) {
            harness, client, statement in
            let id = try await harness.registrationId(client, profile: profile, statement: statement)
            harness.simulator.setSoftwareRedirectURIs(harness.simulator.tpp.redirectURIs + [Self.renewedRedirect])
            let updated = try await Self.update(client, id)
            #expect(updated.status == .ok, "\(updated.text)")
            #expect(harness.simulator.registrationPuts(profile) == 1)
            #expect(harness.simulator.registeredClients(profile).first?.redirectURIs.contains(Self.renewedRedirect) == true)
        }
    }

    /// The same update on PostgreSQL: the client row and both registrations on it take the answer.
    @Test func anUpdateOnPostgreSQL() async throws {
        let profile = "Lloyds_Sandbox"
        try await RegistrationHarness.with(extraConfiguration: Self.supportsPut("Lloyds", "Sandbox"), postgres: true) { harness in
            try await harness.runtime.withServer { client in
                let statement = try await harness.createSoftwareStatement(client)
                let first = try await harness.registrationId(client, profile: profile, statement: statement)
                let second = try await harness.registrationId(client, profile: profile, statement: statement)
                harness.simulator.setSoftwareRedirectURIs(harness.simulator.tpp.redirectURIs + [Self.renewedRedirect])
                let updated = try await Self.update(client, first)
                #expect(updated.status == .ok, "\(updated.text)")
                #expect(harness.simulator.registrationPuts(profile) == 1)
                let other = try await client.send(.get, "/manage/bank-registrations/\(second)", headers: Self.exclude)
                #expect((other["RedirectUris"] as? [String])?.contains(Self.renewedRedirect) == true, "\(other.text)")
                let again = try await Self.update(client, second)
                #expect(again.status == .ok, "\(again.text)")
                #expect(harness.simulator.registrationPuts(profile) == 2, "a later update is a new PUT")
            }
        }
    }

    @Test func aProfileWithoutPutAnswers409NamingTheProfile() async throws {
        try await RegistrationHarness.withServer { harness, client, statement in
            let created = try await harness.register(client, profile: "NatWest_NatWest", statement: statement)
            let id = try #require(created["Id"] as? String)
            let refused = try await Self.update(client, id)
            #expect(refused.status == .conflict, "\(refused.text)")
            #expect(refused.contentType == "application/problem+json")
            let detail = try #require(refused["detail"] as? String)
            #expect(detail.contains("NatWest_NatWest"))
            #expect(detail.contains("Delete the registration and register again"))
            #expect(detail.contains("UseRegistrationPutEndpoint"))
            #expect(harness.simulator.registrationPuts("NatWest_NatWest") == 0)

            let body = try await client.send(.put, "/manage/bank-registrations/\(id)", json: ["RedirectUris": ["https://x.example"]])
            #expect(body.status == .badRequest)
            #expect(body.contentType == "application/problem+json")
            #expect((body.text).contains("RedirectUris"))
        }
    }

    /// The bank refuses, times out, answers outside the DCR version, or has no PUT: the
    /// registration stays as it was, here and at the bank.
    @Test func aFailedUpdateChangesNothing() async throws {
        let profile = "Obie_Model2023"
        try await RegistrationHarness.withServer(extraConfiguration: Self.supportsPut("Obie", "Model2023")) { harness, client, statement in
            let simulator = harness.simulator
            let created = try await harness.register(client, profile: profile, statement: statement)
            let id = try #require(created["Id"] as? String)
            let before = try await client.send(.get, "/manage/bank-registrations/\(id)", headers: Self.exclude).text
            simulator.setSoftwareRedirectURIs(simulator.tpp.redirectURIs + [Self.renewedRedirect])

            simulator.setFault(.status(400, body: #"{"error":"invalid_client_metadata"}"#), on: .registerPut, profileId: profile)
            let refused = try await Self.update(client, id)
            #expect(refused.status == .badGateway, "\(refused.text)")
            #expect(refused.contentType == "application/problem+json")
            #expect((refused["detail"] as? String)?.contains("400") == true)

            simulator.setFault(.status(200, body: #"{"client_id":5}"#), on: .registerPut, profileId: profile)
            let malformed = try await Self.update(client, id)
            #expect(malformed.status == .badGateway, "\(malformed.text)")

            simulator.setFault(.delay(.seconds(8)), on: .registerPut, profileId: profile)
            let slow = try await Self.update(client, id)
            #expect(slow.status == .gatewayTimeout, "\(slow.text)")

            simulator.clearFaults()
            simulator.refuseRegistrationUpdates(for: profile)
            let unsupported = try await Self.update(client, id)
            #expect(unsupported.status == .badGateway, "\(unsupported.text)")
            #expect((unsupported["detail"] as? String)?.contains("405") == true)

            let after = try await client.send(.get, "/manage/bank-registrations/\(id)", headers: Self.exclude).text
            #expect(after == before)
            #expect(simulator.registeredClients(profile).allSatisfy { !$0.redirectURIs.contains(Self.renewedRedirect) })
        }
    }

    /// Two registrations share one client: 20 concurrent updates on them make one PUT, and both
    /// registrations take the result.
    @Test func twentyConcurrentUpdatesOfOneClientMakeOnePut() async throws {
        let profile = "Lloyds_Sandbox"
        try await RegistrationHarness.withServer(extraConfiguration: Self.supportsPut("Lloyds", "Sandbox")) { harness, client, statement in
            let simulator = harness.simulator
            let first = try await harness.registrationId(client, profile: profile, statement: statement)
            let second = try await harness.registrationId(client, profile: profile, statement: statement)
            simulator.setSoftwareRedirectURIs(simulator.tpp.redirectURIs + [Self.renewedRedirect])
            simulator.setFault(.delay(.seconds(1)), on: .registerPut, profileId: profile)
            // The in-process client sends one request at a time: 20 connections of their own make them concurrent.
            let port = try #require(client.port)
            let url = "http://127.0.0.1:\(port)/manage/bank-registrations/"
            let configuration = URLSessionConfiguration.ephemeral
            configuration.httpMaximumConnectionsPerHost = 32
            let session = URLSession(configuration: configuration)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        var request = URLRequest(url: URL(string: url + (index % 2 == 0 ? first : second))!, timeoutInterval: 60)
                        request.httpMethod = "PUT"
                        request.httpBody = Data("{}".utf8)
                        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                        let (_, response) = try await session.data(for: request)
                        return (response as? HTTPURLResponse)?.statusCode ?? 0
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.count == 20)
            #expect(statuses.allSatisfy { $0 == 200 }, "\(statuses)")
            #expect(simulator.registrationPuts(profile) == 1)
            for id in [first, second] {
                let stored = try await client.send(.get, "/manage/bank-registrations/\(id)", headers: Self.exclude)
                #expect((stored["RedirectUris"] as? [String])?.contains(Self.renewedRedirect) == true, "\(stored.text)")
            }
        }
    }
}
