import Foundation
import OBCCore
import OBCPluginAPI
import OBCSimulator
import Testing

@Suite("Simulated bank PUT /register/{ClientId}")
struct RegistrationUpdateAtBankTests {
    @Test("PUT checks the request as POST does, plus the client it names; a bank told so answers 405")
    func updateChecks() async throws {
        try await SimulatorFixture.with { fixture in
            let profile = SimulatorFixture.profile("Lloyds_Sandbox")
            let registered = try #require(try await fixture.register(profile.id).json)
            let clientId = try #require(registered["client_id"]?.stringValue)
            let token = try #require(registered["registration_access_token"]?.stringValue)
            let url = fixture.simulator.issuerURL(for: profile.id) + "/register/"
            let type = profile.quirks[BankDifferences.ContentTypeApplicationJose.self] ? "application/jose" : "application/jwt"
            let ssa = try await fixture.fetchSSA()
            func put(_ target: String = clientId, modify: (inout [String: JSONValue]) -> Void = { _ in }) async throws -> SimulatorFixture.Reply {
                var claims = try fixture.dcrClaims(profile: profile, ssa: ssa)
                modify(&claims)
                return try await fixture.send(
                    .PUT, url + target, headers: [("Authorization", "Bearer \(token)"), ("Content-Type", type)], body: try fixture.sign(claims))
            }

            let updated = try await put()
            #expect(updated.status == 200, "\(updated.body)")
            #expect(updated.json?["client_id"]?.stringValue == clientId)
            #expect(updated.json?["registration_access_token"]?.stringValue == token)
            #expect(try await put { $0["client_id"] = .string("another-client") }.status == 400)
            #expect(try await put { $0["software_statement"] = .string("not-a-jws") }.status == 400)
            #expect(try await put("unknown-client").status == 401)
            #expect(fixture.simulator.registeredClients(profile.id).map(\.clientId) == [clientId])

            fixture.simulator.refuseRegistrationUpdates(for: profile.id)
            #expect(try await put().status == 405)
            #expect(fixture.simulator.registrationPuts(profile.id) == 5)
        }
    }
}
