import Foundation
import OBCCore
import OBCPluginAPI
import OBCSimulator
import Testing
import X509
import _CryptoExtras

@Suite("Simulated OB Directory")
struct DirectoryTests {
    @Test("client-credentials token then an SSA that verifies with the Directory JWKS")
    func tokenAndSSA() async throws {
        try await SimulatorFixture.with { fixture in
            let token = try await fixture.directoryTokenReply()
            #expect(token.status == 200)
            #expect(token.json?["token_type"]?.stringValue == "Bearer")
            #expect((token.json?["expires_in"]?.numberValue ?? 0) > 0)
            let accessToken = try #require(token.json?["access_token"]?.stringValue)

            let ssaReply = try await fixture.send(
                .GET, "\(fixture.simulator.directorySSABaseURL)/api/v2/tpp/\(fixture.tpp.organisationId)/ssa/\(fixture.tpp.softwareId)",
                headers: [("Authorization", "Bearer \(accessToken)")])
            #expect(ssaReply.status == 200)
            #expect(ssaReply.headers.first(name: "Content-Type") == "application/jws+json")
            let ssa = try CompactJWS.parse(ssaReply.body)
            #expect(ssa.algorithm == "PS256")

            let jwks = try await fixture.send(.GET, fixture.simulator.directoryJWKSURL)
            let key = try #require(jwks.json?["keys"]?.arrayValue?.first { $0["kid"]?.stringValue == ssa.keyId })
            let n = try #require(key["n"]?.stringValue.flatMap(CompactJWS.base64URLDecode))
            let e = try #require(key["e"]?.stringValue.flatMap(CompactJWS.base64URLDecode))
            #expect(CompactJWS.verify(ssa, publicKey: Certificate.PublicKey(try _RSA.Signing.PublicKey(n: n, e: e))))

            let claims = ssa.payload
            #expect(claims["iss"]?.stringValue == "OpenBanking Ltd")
            #expect(claims["software_id"]?.stringValue == fixture.tpp.softwareId)
            #expect(claims["org_id"]?.stringValue == fixture.tpp.organisationId)
            #expect(claims["software_redirect_uris"]?.arrayValue?.compactMap(\.stringValue) == fixture.tpp.redirectURIs)
            #expect(claims["software_roles"]?.arrayValue?.compactMap(\.stringValue) == ["AISP", "PISP", "CBPII"])
            #expect(claims["software_jwks_endpoint"]?.stringValue == fixture.simulator.softwareJWKSURL)
            #expect(claims["organisation_competent_authority_claims"]?["authorisations"] != nil)
            for name in [
                "iat", "jti", "software_client_id", "software_client_name", "software_version", "org_name", "org_status", "org_jwks_endpoint",
            ] {
                #expect(claims[name] != nil, "SSA claim \(name)")
            }
            #expect(fixture.simulator.directoryTokenRequests == 1)
            #expect(fixture.simulator.ssaRequests == 1)
        }
    }

    @Test("the software JWKS publishes the OBSeal key under its kid")
    func softwareJWKS() async throws {
        try await SimulatorFixture.with { fixture in
            let reply = try await fixture.send(.GET, fixture.simulator.softwareJWKSURL)
            #expect(reply.status == 200)
            let key = try #require(reply.json?["keys"]?.arrayValue?.first { $0["use"]?.stringValue == "sig" })
            #expect(key["kid"]?.stringValue == fixture.tpp.obSealKeyId)
            #expect(key["kty"]?.stringValue == "RSA")
        }
    }

    @Test("a connection without a client certificate is refused")
    func missingClientCertificate() async throws {
        try await SimulatorFixture.with { fixture in
            await #expect(throws: (any Error).self) {
                _ = try await fixture.directoryTokenReply(clientCertificate: false)
            }
        }
    }

    @Test("an assertion signed by another key is invalid_client")
    func wrongSignature() async throws {
        try await SimulatorFixture.with { fixture in
            let otherKey = try SigningKey(pem: SecretValue(_RSA.Signing.PrivateKey(keySize: .bits2048).pkcs8PEMRepresentation))
            let reply = try await fixture.directoryTokenReply(
                assertion: try fixture.clientAssertion(audience: fixture.simulator.directoryTokenURL, key: otherKey))
            #expect(reply.status == 401)
            #expect(reply.error == "invalid_client")
        }
    }

    @Test("an assertion for another audience, or replayed, is invalid_client; PS256 is accepted")
    func audienceAndReplay() async throws {
        try await SimulatorFixture.with { fixture in
            let wrongAudience = try await fixture.directoryTokenReply(assertion: try fixture.clientAssertion(audience: "https://elsewhere"))
            #expect(wrongAudience.status == 401)
            let assertion = try fixture.clientAssertion(audience: fixture.simulator.directoryTokenURL, algorithm: .ps256)
            #expect(try await fixture.directoryTokenReply(assertion: assertion).status == 200)
            let replay = try await fixture.directoryTokenReply(assertion: assertion)
            #expect(replay.status == 401)
            #expect(replay.error == "invalid_client")
        }
    }

    @Test("the SSA needs a Directory token and names only the known TPP")
    func ssaNeedsToken() async throws {
        try await SimulatorFixture.with { fixture in
            let base = "\(fixture.simulator.directorySSABaseURL)/api/v2/tpp/\(fixture.tpp.organisationId)/ssa/"
            let noToken = try await fixture.send(.GET, base + fixture.tpp.softwareId)
            #expect(noToken.status == 401)
            #expect(noToken.headers.first(name: "WWW-Authenticate")?.hasPrefix("Bearer") == true)
            let badToken = try await fixture.send(.GET, base + fixture.tpp.softwareId, headers: [("Authorization", "Bearer nope")])
            #expect(badToken.status == 401)
            let token = try #require(try await fixture.directoryTokenReply().json?["access_token"]?.stringValue)
            let unknown = try await fixture.send(.GET, base + "UnknownSoftware", headers: [("Authorization", "Bearer \(token)")])
            #expect(unknown.status == 404)
        }
    }
}
