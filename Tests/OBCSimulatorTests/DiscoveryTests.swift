import Foundation
import OBCCore
import OBCSimulator
import Testing

@Suite("Simulated bank discovery")
struct DiscoveryTests {
    @Test(
        "OpenID configuration for a DCR 3.1, 3.2 and 3.3 bank", arguments: ["Test_V31", "NatWest_NatWest", "Nationwide_Nationwide", "Hsbc_Sandbox"])
    func discovery(profileId: String) async throws {
        try await SimulatorFixture.with { fixture in
            let profile = SimulatorFixture.profile(profileId)
            let issuer = fixture.simulator.issuerURL(for: profileId)
            #expect(issuer == fixture.simulator.baseURL + "/banks/" + profileId)
            let reply = try await fixture.send(.GET, issuer + "/.well-known/openid-configuration")
            #expect(reply.status == 200)
            let configuration = try #require(reply.json)
            #expect(configuration["issuer"]?.stringValue == issuer)
            #expect(configuration["token_endpoint"]?.stringValue == issuer + "/token")
            #expect(configuration["registration_endpoint"]?.stringValue == issuer + "/register")
            #expect(configuration["authorization_endpoint"]?.stringValue != nil)
            #expect(configuration["jwks_uri"]?.stringValue != nil)
            let methods = configuration["token_endpoint_auth_methods_supported"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(methods.contains(profile.tokenEndpointAuthMethod.rawValue))
            for name in [
                "response_types_supported", "scopes_supported", "response_modes_supported", "id_token_signing_alg_values_supported",
                "request_object_signing_alg_values_supported",
            ] {
                #expect(configuration[name]?.arrayValue?.isEmpty == false, "\(name)")
            }
            #expect(fixture.simulator.discoveryRequests(profileId) == 1)
        }
    }

    @Test("a bank without DCR advertises no registration_endpoint and refuses POST /register")
    func noRegistrationEndpoint() async throws {
        try await SimulatorFixture.with { fixture in
            let issuer = fixture.simulator.issuerURL(for: "Barclays_Personal")
            let configuration = try await fixture.send(.GET, issuer + "/.well-known/openid-configuration").json
            #expect(configuration?["registration_endpoint"] == nil)
            let reply = try await fixture.send(.POST, issuer + "/register", headers: [("Content-Type", "application/jwt")], body: "x.y.z")
            #expect(reply.status == 405)
        }
    }

    @Test("an unknown profile is 404")
    func unknownProfile() async throws {
        try await SimulatorFixture.with { fixture in
            let reply = try await fixture.send(.GET, fixture.simulator.issuerURL(for: "Nope_Nope") + "/.well-known/openid-configuration")
            #expect(reply.status == 404)
        }
    }
}
