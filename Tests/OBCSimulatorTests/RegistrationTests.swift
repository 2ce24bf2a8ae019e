import Foundation
import OBCCore
import OBCPluginAPI
import OBCSimulator
import Testing
import _CryptoExtras

@Suite("Simulated bank POST /register")
struct RegistrationTests {
    @Test("DCR 3.1: tls_client_auth_dn, scope as an array both ways")
    func acceptsV31() async throws {
        try await SimulatorFixture.with { fixture in
            let reply = try await fixture.register("Test_V31")
            #expect(reply.status == 201, "\(reply.body)")
            let body = try #require(reply.json)
            let clientId = try #require(body["client_id"]?.stringValue)
            #expect(UUID(uuidString: clientId) != nil)
            #expect(body["tls_client_auth_dn"]?.stringValue != nil)
            #expect(body["tls_client_auth_subject_dn"] == nil)
            #expect(body["scope"]?.arrayValue?.compactMap(\.stringValue) == ["openid", "accounts", "payments", "fundsconfirmations"])
            #expect(body["client_secret"] == nil)
            #expect(body["registration_access_token"] == nil)
            #expect(body["registration_client_uri"]?.stringValue == fixture.simulator.issuerURL(for: "Test_V31") + "/register/" + clientId)
            let issuedAt = try #require(body["client_id_issued_at"]?.numberValue)
            #expect(abs(issuedAt - Date().timeIntervalSince1970) < 60)
            #expect(fixture.simulator.registeredClients("Test_V31").map(\.clientId) == [clientId])
            #expect(fixture.simulator.registrationPosts("Test_V31") == 1)
        }
    }

    @Test("DCR 3.2 (HSBC): application/jose, aud = issuer, DottedDecimal DN, client_id_issued_at in milliseconds")
    func acceptsV32Hsbc() async throws {
        try await SimulatorFixture.with { fixture in
            let reply = try await fixture.register("Hsbc_Sandbox")
            #expect(reply.status == 201, "\(reply.body)")
            let body = try #require(reply.json)
            #expect(body["tls_client_auth_subject_dn"]?.stringValue?.contains("2.5.4.97=#13") == true)
            #expect(body["scope"]?.stringValue == "openid accounts payments fundsconfirmations")
            let issuedAt = try #require(body["client_id_issued_at"]?.numberValue)
            #expect(abs(issuedAt / 1000 - Date().timeIntervalSince1970) < 60)
        }
    }

    @Test("DCR 3.2 (NatWest sandbox): private_key_jwt with signing alg, scope answered as an array, private_key_jwt token")
    func acceptsV32NatWestSandbox() async throws {
        try await SimulatorFixture.with { fixture in
            let reply = try await fixture.register("NatWest_NatWestSandbox")
            #expect(reply.status == 201, "\(reply.body)")
            let body = try #require(reply.json)
            #expect(body["token_endpoint_auth_method"]?.stringValue == "private_key_jwt")
            #expect(body["token_endpoint_auth_signing_alg"]?.stringValue == "PS256")
            #expect(body["scope"]?.arrayValue?.count == 4)
            let clientId = try #require(body["client_id"]?.stringValue)

            let issuer = fixture.simulator.issuerURL(for: "NatWest_NatWestSandbox")
            let now = Date().timeIntervalSince1970.rounded(.down)
            let assertion = try fixture.sign([
                "iss": .string(clientId), "sub": .string(clientId), "aud": .string(issuer + "/token"),
                "jti": .string(UUID().uuidString), "iat": .number(now), "exp": .number(now + 300),
            ])
            let token = try await fixture.send(
                .POST, issuer + "/token", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                body: SimulatorFixture.form([
                    ("grant_type", "client_credentials"), ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
                    ("client_assertion", assertion),
                ]))
            #expect(token.status == 200, "\(token.body)")
            #expect(token.json?["token_type"]?.stringValue == "Bearer")
        }
    }

    @Test("DCR 3.3 (Nationwide): application/jose, DottedDecimal-with-string DN, milliseconds")
    func acceptsV33() async throws {
        try await SimulatorFixture.with { fixture in
            let reply = try await fixture.register("Nationwide_Nationwide")
            #expect(reply.status == 201, "\(reply.body)")
            let body = try #require(reply.json)
            #expect(body["tls_client_auth_subject_dn"]?.stringValue?.contains("2.5.4.97=PSDGB-OB-Unknown") == true)
            #expect(body["scope"]?.stringValue != nil)
            #expect((body["client_id_issued_at"]?.numberValue ?? 0) > 1e12)
            #expect(body["software_statement"]?.stringValue != nil)
            #expect(body["org_id"]?.stringValue == fixture.tpp.organisationId)
        }
    }

    @Test("client_secret_basic banks issue a secret; registration-access-token banks issue a token")
    func credentials() async throws {
        try await SimulatorFixture.with { fixture in
            let secret = try #require(try await fixture.register("Test_Secret").json)
            #expect(secret["client_secret"]?.stringValue != nil)
            #expect(secret["client_secret_expires_at"]?.numberValue == 0)
            let lloyds = try await fixture.register("Lloyds_Sandbox")
            #expect(lloyds.status == 201, "\(lloyds.body)")
            #expect(lloyds.json?["registration_access_token"]?.stringValue != nil)
            #expect(lloyds.json?["subject_type"]?.stringValue == "pairwise")
            #expect(lloyds.json?["grant_types"]?.arrayValue?.count == 2)
        }
    }

    // MARK: Rejections

    @Test("wrong content type is invalid_client_metadata")
    func wrongContentType() async throws {
        try await SimulatorFixture.with { fixture in
            let profile = SimulatorFixture.profile("Hsbc_Sandbox")
            let jwt = try fixture.sign(try fixture.dcrClaims(profile: profile, ssa: try await fixture.fetchSSA()))
            let reply = try await fixture.register(profile, jwt: jwt, contentType: "application/jwt")
            #expect(reply.status == 400)
            #expect(reply.error == "invalid_client_metadata")
            #expect(try await fixture.register(profile, jwt: jwt).status == 201)
        }
    }

    @Test("a request signed by a key not in the software JWKS is refused")
    func badSignature() async throws {
        try await SimulatorFixture.with { fixture in
            let profile = SimulatorFixture.profile("NatWest_NatWest")
            let otherKey = try SigningKey(pem: SecretValue(_RSA.Signing.PrivateKey(keySize: .bits2048).pkcs8PEMRepresentation))
            let jwt = try fixture.sign(try fixture.dcrClaims(profile: profile, ssa: try await fixture.fetchSSA()), key: otherKey)
            let reply = try await fixture.register(profile, jwt: jwt)
            #expect(reply.status == 400)
            #expect(reply.error == "invalid_client_metadata")
            let unknownKid = try await fixture.register(
                profile, jwt: try fixture.sign(try fixture.dcrClaims(profile: profile, ssa: try await fixture.fetchSSA()), keyId: "unknown"))
            #expect(unknownKid.error == "invalid_software_statement")
        }
    }

    @Test("a tampered software statement is invalid_software_statement")
    func tamperedSSA() async throws {
        try await SimulatorFixture.with { fixture in
            let reply = try await fixture.register("NatWest_NatWest") { claims in
                let parts = claims["software_statement"]!.stringValue!.split(separator: ".")
                var payload = try JSONValue.jwsPayload(claims["software_statement"]!.stringValue!).objectValue!
                payload["software_redirect_uris"] = .array([.string("https://evil.example.com/cb")])
                claims["software_statement"] = .string("\(parts[0]).\(CompactJWS.base64URL(JSONValue.object(payload).jsonData())).\(parts[2])")
            }
            #expect(reply.status == 400)
            #expect(reply.error == "invalid_software_statement")
        }
    }

    @Test(
        "each broken claim gets the right RFC 7591 error",
        arguments: [
            ("wrong aud", "NatWest_NatWest", "invalid_client_metadata"),
            ("expired", "NatWest_NatWest", "invalid_client_metadata"),
            ("too long-lived", "NatWest_NatWest", "invalid_client_metadata"),
            ("iat in the future", "NatWest_NatWest", "invalid_client_metadata"),
            ("iss is not the software id", "NatWest_NatWest", "invalid_client_metadata"),
            ("redirect outside the SSA", "NatWest_NatWest", "invalid_redirect_uri"),
            ("no redirect URIs", "NatWest_NatWest", "invalid_redirect_uri"),
            ("wrong DN", "Monzo_Monzo", "invalid_client_metadata"),
            ("v3.1 DN claim name on v3.2", "Monzo_Monzo", "invalid_client_metadata"),
            ("v3.2 DN claim name on v3.1", "Test_V31", "invalid_client_metadata"),
            ("scope string on v3.1", "Test_V31", "invalid_client_metadata"),
            ("scope array on v3.2", "Monzo_Monzo", "invalid_client_metadata"),
            ("missing scope on v3.2", "Monzo_Monzo", "invalid_client_metadata"),
            ("wrong auth method", "Monzo_Monzo", "invalid_client_metadata"),
            ("client_secret_jwt on v3.1", "Test_V31", "invalid_client_metadata"),
            ("ciba grant on v3.2", "Monzo_Monzo", "invalid_client_metadata"),
            ("signing alg without private_key_jwt", "Monzo_Monzo", "invalid_client_metadata"),
            ("private_key_jwt without signing alg", "NatWest_NatWest", "invalid_client_metadata"),
            ("RS256 token signing alg", "NatWest_NatWest", "invalid_client_metadata"),
            ("no software statement", "NatWest_NatWest", "invalid_software_statement"),
        ])
    func rejection(name: String, profileId: String, expected: String) async throws {
        try await SimulatorFixture.with { fixture in
            let reply = try await fixture.register(profileId) { claims in
                let now = Date().timeIntervalSince1970.rounded(.down)
                switch name {
                case "wrong aud": claims["aud"] = .string("0015800000WRONG00")
                case "expired":
                    claims["iat"] = .number(now - 600)
                    claims["exp"] = .number(now - 300)
                case "too long-lived": claims["exp"] = .number(now + 7200)
                case "iat in the future":
                    claims["iat"] = .number(now + 600)
                    claims["exp"] = .number(now + 900)
                case "iss is not the software id": claims["iss"] = .string("SomeoneElse")
                case "redirect outside the SSA": claims["redirect_uris"] = .array([.string("https://evil.example.com/cb")])
                case "no redirect URIs": claims["redirect_uris"] = .array([])
                case "wrong DN":
                    claims["tls_client_auth_subject_dn"] = .string(
                        SubjectDNFormatter.format(try SimulatorFixture.pki.obWacCertificate().subject, orgIdEncoding: .stringAttributeType))
                case "v3.1 DN claim name on v3.2":
                    claims["tls_client_auth_dn"] = claims.removeValue(forKey: "tls_client_auth_subject_dn")
                case "v3.2 DN claim name on v3.1":
                    claims["tls_client_auth_subject_dn"] = claims.removeValue(forKey: "tls_client_auth_dn")
                case "scope string on v3.1": claims["scope"] = .string("openid accounts")
                case "scope array on v3.2": claims["scope"] = .array([.string("openid"), .string("accounts")])
                case "missing scope on v3.2": claims["scope"] = nil
                case "wrong auth method": claims["token_endpoint_auth_method"] = .string("private_key_jwt")
                case "client_secret_jwt on v3.1": claims["token_endpoint_auth_method"] = .string("client_secret_jwt")
                case "ciba grant on v3.2": claims["grant_types"] = .array([.string("urn:openid:params:grant-type:ciba")])
                case "signing alg without private_key_jwt": claims["token_endpoint_auth_signing_alg"] = .string("PS256")
                case "private_key_jwt without signing alg": claims["token_endpoint_auth_signing_alg"] = nil
                case "RS256 token signing alg": claims["token_endpoint_auth_signing_alg"] = .string("RS256")
                case "no software statement": claims["software_statement"] = nil
                default: Issue.record("unknown case \(name)")
                }
            }
            #expect(reply.status == 400, "\(name): \(reply.body)")
            #expect(reply.error == expected, "\(name): \(reply.body)")
            #expect((reply.json?["error_description"]?.stringValue ?? "").isEmpty == false)
            #expect(fixture.simulator.registeredClients(profileId).isEmpty)
        }
    }

    @Test("a replayed jti is refused")
    func replayedJTI() async throws {
        try await SimulatorFixture.with { fixture in
            let profile = SimulatorFixture.profile("Monzo_Monzo")
            let jwt = try fixture.sign(try fixture.dcrClaims(profile: profile, ssa: try await fixture.fetchSSA()))
            #expect(try await fixture.register(profile, jwt: jwt).status == 201)
            let replay = try await fixture.register(profile, jwt: jwt)
            #expect(replay.status == 400)
            #expect(replay.error == "invalid_client_metadata")
            #expect(replay.json?["error_description"]?.stringValue?.contains("jti") == true)
            #expect(fixture.simulator.registrationPosts("Monzo_Monzo") == 2)
            #expect(fixture.simulator.registeredClients("Monzo_Monzo").count == 1)
        }
    }
}
