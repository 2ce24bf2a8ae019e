import Foundation
import OBCCore
import OBCSimulator
import Testing

@Suite("Simulated bank GET/DELETE /register and token endpoint")
struct RegistrationManagementTests {
    @Test("GET then DELETE with a tls_client_auth client-credentials token; the deleted client is gone")
    func getAndDelete() async throws {
        try await SimulatorFixture.with { fixture in
            let profileId = "Test_V31"
            let clientId = try #require(try await fixture.register(profileId).json?["client_id"]?.stringValue)
            let token = try await fixture.bankToken(profileId, clientId: clientId, scope: "openid accounts")
            #expect(token.status == 200, "\(token.body)")
            #expect(token.json?["scope"]?.stringValue == "openid accounts")
            let accessToken = try #require(token.json?["access_token"]?.stringValue)
            let url = fixture.simulator.issuerURL(for: profileId) + "/register/" + clientId
            let auth = [("Authorization", "Bearer \(accessToken)")]

            let read = try await fixture.send(.GET, url, headers: auth)
            #expect(read.status == 200)
            #expect(read.json?["client_id"]?.stringValue == clientId)
            #expect(read.json?["tls_client_auth_dn"] != nil)

            #expect(try await fixture.send(.GET, url).status == 401)
            #expect(try await fixture.send(.GET, url, headers: [("Authorization", "Bearer wrong")]).status == 401)

            let deleted = try await fixture.send(.DELETE, url, headers: auth)
            #expect(deleted.status == 204)
            #expect(fixture.simulator.deletedClients == [clientId])
            #expect(fixture.simulator.registeredClients(profileId).isEmpty)
            #expect(try await fixture.send(.GET, url, headers: auth).status == 401)
            #expect(fixture.simulator.tokenRequests(profileId) == 1)
            #expect(fixture.simulator.registrationGets(profileId) == 4)
        }
    }

    @Test("banks without GET or DELETE /register answer 405 problem JSON")
    func notSupported() async throws {
        try await SimulatorFixture.with { fixture in
            let clientId = try #require(try await fixture.register("Monzo_Monzo").json?["client_id"]?.stringValue)
            let url = fixture.simulator.issuerURL(for: "Monzo_Monzo") + "/register/" + clientId
            let get = try await fixture.send(.GET, url)
            #expect(get.status == 405)
            #expect(get.headers.first(name: "Content-Type") == "application/problem+json")
            #expect(try await fixture.send(.DELETE, url).status == 405)
        }
    }

    @Test("registration-access-token banks (Lloyds sandbox) authorise GET/DELETE with that token")
    func registrationAccessToken() async throws {
        try await SimulatorFixture.with { fixture in
            let body = try #require(try await fixture.register("Lloyds_Sandbox").json)
            let clientId = try #require(body["client_id"]?.stringValue)
            let rat = try #require(body["registration_access_token"]?.stringValue)
            let url = fixture.simulator.issuerURL(for: "Lloyds_Sandbox") + "/register/" + clientId
            let ccToken = try #require(try await fixture.bankToken("Lloyds_Sandbox", clientId: clientId).json?["access_token"]?.stringValue)
            #expect(try await fixture.send(.GET, url, headers: [("Authorization", "Bearer \(ccToken)")]).status == 401)
            #expect(try await fixture.send(.GET, url, headers: [("Authorization", "Bearer \(rat)")]).status == 200)
            #expect(try await fixture.send(.DELETE, url, headers: [("Authorization", "Bearer \(rat)")]).status == 204)
        }
    }

    @Test("client_secret_basic clients authenticate with HTTP Basic; a wrong secret is invalid_client")
    func clientSecretBasic() async throws {
        try await SimulatorFixture.with { fixture in
            let body = try #require(try await fixture.register("Test_Secret").json)
            let clientId = try #require(body["client_id"]?.stringValue)
            let secret = try #require(body["client_secret"]?.stringValue)
            let url = fixture.simulator.issuerURL(for: "Test_Secret") + "/token"
            func basic(_ secret: String) -> (String, String) {
                ("Authorization", "Basic " + Data("\(clientId):\(secret)".utf8).base64EncodedString())
            }
            let form = [("Content-Type", "application/x-www-form-urlencoded")]
            let good = try await fixture.send(.POST, url, headers: form + [basic(secret)], body: "grant_type=client_credentials")
            #expect(good.status == 200)
            let bad = try await fixture.send(.POST, url, headers: form + [basic("wrong")], body: "grant_type=client_credentials")
            #expect(bad.status == 401)
            #expect(bad.error == "invalid_client")
            let tlsInstead = try await fixture.bankToken("Test_Secret", clientId: clientId)
            #expect(tlsInstead.status == 401)
        }
    }

    @Test("the token endpoint refuses unregistered scopes and unknown clients")
    func tokenRefusals() async throws {
        try await SimulatorFixture.with { fixture in
            let clientId = try #require(try await fixture.register("Obie_Model2023").json?["client_id"]?.stringValue)
            #expect(try await fixture.bankToken("Obie_Model2023", clientId: clientId).status == 200)
            #expect(try await fixture.bankToken("Obie_Model2023", clientId: clientId, scope: "openid admin").error == "invalid_scope")
            #expect(try await fixture.bankToken("Obie_Model2023", clientId: "unknown").status == 401)
        }
    }
}

@Suite("Simulator faults and state")
struct FaultAndStateTests {
    @Test("a status fault returns the configured status and body, per profile, until cleared")
    func statusFault() async throws {
        try await SimulatorFixture.with { fixture in
            fixture.simulator.setFault(.status(503, body: #"{"error":"temporarily_unavailable"}"#), on: .register, profileId: "Monzo_Monzo")
            let failed = try await fixture.register("Monzo_Monzo")
            #expect(failed.status == 503)
            #expect(failed.error == "temporarily_unavailable")
            #expect(fixture.simulator.registeredClients("Monzo_Monzo").isEmpty)
            #expect(try await fixture.register("Monzo_Sandbox").status == 201)

            fixture.simulator.setFault(.status(500, body: "boom"), on: .directoryToken)
            let token = try await fixture.directoryTokenReply()
            #expect(token.status == 500)
            #expect(token.body == "boom")

            fixture.simulator.clearFaults()
            #expect(try await fixture.register("Monzo_Monzo").status == 201)
        }
    }

    @Test("a delay fault slows the endpoint down, then it answers normally")
    func delayFault() async throws {
        try await SimulatorFixture.with { fixture in
            fixture.simulator.setFault(.delay(.milliseconds(600)), on: .discovery, profileId: nil)
            let start = ContinuousClock.now
            let reply = try await fixture.send(.GET, fixture.simulator.issuerURL(for: "Monzo_Monzo") + "/.well-known/openid-configuration")
            #expect(reply.status == 200)
            #expect(ContinuousClock.now - start >= .milliseconds(600))
        }
    }

    @Test("GET /simulator/state reports the counters")
    func state() async throws {
        try await SimulatorFixture.with { fixture in
            let clientId = try #require(try await fixture.register("Monzo_Monzo").json?["client_id"]?.stringValue)
            let state = try #require(try await fixture.send(.GET, fixture.simulator.stateURL).json)
            #expect(state["registrationPosts"]?["Monzo_Monzo"]?.numberValue == 1)
            #expect(state["registeredClients"]?["Monzo_Monzo"]?.arrayValue == [.string(clientId)])
            #expect(state["directoryTokenRequests"]?.numberValue == 1)
            #expect(state["ssaRequests"]?.numberValue == 1)
            #expect(state["deletedClients"]?.arrayValue == [])
        }
    }

    @Test("PKI material written to a folder loads back as the same TPP")
    func pkiRoundTrip() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sim-pki-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try SimulatorFixture.pki.write(to: folder)
        let loaded = try #require(try SimulatorPKI.load(from: folder))
        #expect(try loaded.tpp() == SimulatorFixture.pki.tpp())
        #expect(loaded.obWacCertificatePEM == SimulatorFixture.pki.obWacCertificatePEM)
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("obwac-key.pem").path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let dn = SubjectDNFormatter.format(try loaded.obWacCertificate().subject, orgIdEncoding: .stringAttributeType)
        let tpp = try loaded.tpp()
        #expect(dn == "CN=\(tpp.softwareId),organizationIdentifier=PSDGB-OB-Unknown\(tpp.organisationId),OU=\(tpp.organisationId),O=OpenBanking,C=GB")
    }
}
