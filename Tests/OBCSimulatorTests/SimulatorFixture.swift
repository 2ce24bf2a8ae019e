import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import OBCApp
import OBCCore
import OBCPluginAPI
import OBCSimulator
import X509
import _CryptoExtras

/// A running simulator on a loopback port plus a TPP-side HTTPS client (per-request mutual
/// TLS with the simulated OBWAC), and builders for the requests the product sends.
struct SimulatorFixture {
    /// Generating RSA keys is slow, so every test shares one set of certificates.
    static let pki: SimulatorPKI = try! SimulatorPKI.generate()
    static let registryProfiles: [String: BankProfile] = {
        let registry = try! PluginRegistrar.build(plugins: pluginList, configuration: ConfigurationValues(), logger: Logger(label: "test"))
        return registry.bankProfiles
    }()
    static let client = HTTPClient(eventLoopGroupProvider: .singleton)

    /// A DCR 3.1 bank (no shipped profile uses 3.1): tls_client_auth, GET and DELETE `/register`.
    static let v31Profile = BankProfile(
        id: "Test_V31", group: "Test", bank: "V31", issuerUrl: nil, financialId: nil, dcrVersion: .v3p1,
        useRegistrationGetEndpoint: true, useRegistrationDeleteEndpoint: true, tokenEndpointAuthMethod: .tlsClientAuth
    )
    /// A 3.2 bank whose clients authenticate with client_secret_basic.
    static let secretProfile = BankProfile(
        id: "Test_Secret", group: "Test", bank: "Secret", issuerUrl: nil, financialId: "0015800000SECRET1",
        useRegistrationGetEndpoint: true, useRegistrationDeleteEndpoint: true, tokenEndpointAuthMethod: .clientSecretBasic
    )

    static func profile(_ id: String) -> BankProfile {
        if id == v31Profile.id { return v31Profile }
        if id == secretProfile.id { return secretProfile }
        return registryProfiles[id]!
    }

    let simulator: SimulatedOpenBanking
    var tpp: SimulatedTPP { simulator.tpp }

    static func start() async throws -> SimulatorFixture {
        let profiles = Array(registryProfiles.values) + [v31Profile, secretProfile]
        var logger = Logger(label: "simulator-test")
        logger.logLevel = .warning
        return SimulatorFixture(simulator: try await SimulatedOpenBanking.start(pki: pki, profiles: profiles, logger: logger))
    }

    /// Runs `body` against a fresh simulator and stops it afterwards.
    @discardableResult
    static func with<T>(_ body: (SimulatorFixture) async throws -> T) async throws -> T {
        let fixture = try await start()
        do {
            let result = try await body(fixture)
            await fixture.simulator.stop()
            return result
        } catch {
            await fixture.simulator.stop()
            throw error
        }
    }

    // MARK: HTTP

    struct Reply {
        var status: Int
        var headers: HTTPHeaders
        var body: String
        var json: JSONValue? { try? JSONDecoder().decode(JSONValue.self, from: Data(body.utf8)) }
        var error: String? { json?["error"]?.stringValue }
    }

    static func tlsConfiguration(clientCertificate: Bool = true) throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(pki.caCertificatePEM.utf8)))
        if clientCertificate {
            tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(Array(pki.obWacCertificatePEM.utf8)).map { .certificate($0) }
            tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(pki.obWacKeyPEM.utf8), format: .pem))
        }
        return tls
    }

    func send(
        _ method: HTTPMethod, _ url: String, headers: [(String, String)] = [], body: String? = nil, clientCertificate: Bool = true
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        request.tlsConfiguration = try Self.tlsConfiguration(clientCertificate: clientCertificate)
        let response = try await Self.client.execute(request, timeout: .seconds(30))
        let buffer = try await response.body.collect(upTo: 1 << 20)
        return Reply(status: Int(response.status.code), headers: response.headers, body: String(buffer: buffer))
    }

    static func form(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
    }

    // MARK: Directory

    func clientAssertion(audience: String, key: SigningKey? = nil, algorithm: CompactJWS.Algorithm = .rs256) throws -> String {
        let now = Date().timeIntervalSince1970.rounded(.down)
        let claims: JSONValue = .object([
            "iss": .string(tpp.softwareId), "sub": .string(tpp.softwareId), "aud": .string(audience),
            "jti": .string(UUID().lowercasedText), "iat": .number(now), "exp": .number(now + 300),
            "scope": .string("ASPSPReadAccess TPPReadAccess AuthoritiesReadAccess"),
        ])
        return try CompactJWS.sign(
            claims: claims, key: key ?? Self.pki.obSealSigningKey(), algorithm: algorithm, keyId: tpp.obSealKeyId, type: nil)
    }

    func directoryTokenReply(assertion: String? = nil, clientCertificate: Bool = true) async throws -> Reply {
        let body = Self.form([
            ("grant_type", "client_credentials"), ("scope", "ASPSPReadAccess TPPReadAccess AuthoritiesReadAccess"),
            ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
            ("client_assertion", try assertion ?? clientAssertion(audience: simulator.directoryTokenURL)), ("client_id", tpp.softwareId),
        ])
        return try await send(
            .POST, simulator.directoryTokenURL, headers: [("Content-Type", "application/x-www-form-urlencoded")], body: body,
            clientCertificate: clientCertificate)
    }

    /// Token then SSA, as OBC does on every registration.
    func fetchSSA() async throws -> String {
        let token = try await directoryTokenReply()
        guard let accessToken = token.json?["access_token"]?.stringValue else { throw FixtureFailure("no directory token: \(token.body)") }
        let reply = try await send(
            .GET, "\(simulator.directorySSABaseURL)/api/v2/tpp/\(tpp.organisationId)/ssa/\(tpp.softwareId)",
            headers: [("Authorization", "Bearer \(accessToken)"), ("Accept", "application/jws+json")])
        guard reply.status == 200 else { throw FixtureFailure("SSA fetch failed: \(reply.status) \(reply.body)") }
        return reply.body
    }

    // MARK: DCR

    /// DCR claims exactly as OBC builds them (§1.5), in the profile's version and quirks.
    func dcrClaims(profile: BankProfile, ssa: String, now: Date = Date()) throws -> [String: JSONValue] {
        let seconds = now.timeIntervalSince1970.rounded(.down)
        let audience: String =
            switch profile.quirks[BankDifferences.AudClaim.self] {
            case nil: simulator.financialId(for: profile.id)!
            case "IssuerUrl"?: simulator.issuerURL(for: profile.id)
            case let literal?: literal
            }
        let scope = "openid accounts payments fundsconfirmations"
        let scopeArray: JSONValue = .array(scope.split(separator: " ").map { .string(String($0)) })
        let dn = SubjectDNFormatter.format(
            try Self.pki.obWacCertificate().subject, orgIdEncoding: profile.quirks[BankDifferences.TransportCertificateSubjectDnOrgIdEncoding.self])
        var claims: [String: JSONValue] = [
            "iss": .string(tpp.softwareId), "iat": .number(seconds), "exp": .number(seconds + 300), "aud": .string(audience),
            "jti": .string(UUID().lowercasedText),
            "redirect_uris": .array([.string(tpp.redirectURIs[0])]),
            "token_endpoint_auth_method": .string(profile.tokenEndpointAuthMethod.rawValue),
            "grant_types": .array(
                (profile.quirks[BankDifferences.GrantTypesClaim.self] ?? ["client_credentials", "authorization_code", "refresh_token"]).map(
                    JSONValue.string)),
            "response_types": .array([.string("code id_token")]),
            "software_id": .string(tpp.softwareId),
            "scope": profile.dcrVersion == .v3p1 || profile.quirks[BankDifferences.ScopeClaimAsArray.self] ? scopeArray : .string(scope),
            "software_statement": .string(ssa),
            "application_type": .string("web"),
            "id_token_signed_response_alg": .string("PS256"),
            "request_object_signing_alg": .string("PS256"),
            (profile.dcrVersion == .v3p1 ? "tls_client_auth_dn" : "tls_client_auth_subject_dn"): .string(dn),
        ]
        if profile.tokenEndpointAuthMethod == .privateKeyJwt { claims["token_endpoint_auth_signing_alg"] = .string("PS256") }
        if let subjectType = profile.quirks[BankDifferences.SubjectTypeClaim.self] { claims["subject_type"] = .string(subjectType) }
        return claims
    }

    func sign(_ claims: [String: JSONValue], key: SigningKey? = nil, keyId: String? = nil) throws -> String {
        try CompactJWS.sign(claims: .object(claims), key: key ?? Self.pki.obSealSigningKey(), algorithm: .ps256, keyId: keyId ?? tpp.obSealKeyId)
    }

    func register(_ profile: BankProfile, jwt: String, contentType: String? = nil) async throws -> Reply {
        let type = contentType ?? (profile.quirks[BankDifferences.ContentTypeApplicationJose.self] ? "application/jose" : "application/jwt")
        return try await send(
            .POST, simulator.issuerURL(for: profile.id) + "/register", headers: [("Content-Type", type), ("Accept", "application/json")], body: jwt)
    }

    /// Registers with correct claims after `modify` has had its way with them.
    func register(_ profileId: String, modify: (inout [String: JSONValue]) throws -> Void = { _ in }) async throws -> Reply {
        let profile = Self.profile(profileId)
        var claims = try dcrClaims(profile: profile, ssa: try await fetchSSA())
        try modify(&claims)
        return try await register(profile, jwt: try sign(claims))
    }

    /// A client-credentials token at the bank, authenticated with tls_client_auth.
    func bankToken(_ profileId: String, clientId: String, scope: String? = nil) async throws -> Reply {
        var fields = [("grant_type", "client_credentials"), ("client_id", clientId)]
        if let scope { fields.append(("scope", scope)) }
        return try await send(
            .POST, simulator.issuerURL(for: profileId) + "/token", headers: [("Content-Type", "application/x-www-form-urlencoded")],
            body: Self.form(fields))
    }
}

struct FixtureFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension JSONValue {
    /// Base64url-decoded JWS payload.
    static func jwsPayload(_ jws: String) throws -> JSONValue { try CompactJWS.parse(jws).payload }
}
