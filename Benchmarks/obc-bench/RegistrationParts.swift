import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL
import OBCCore
import OBCOutbound
import OBCSimulator

/// The pieces a full DCR is made of, each timed alone against the same simulator in the same
/// run, so "the full DCR costs at most 1.5× its parts" is a measured ratio. Each piece runs
/// sequentially (one at a time) with its own client, apart from the connector's pool.
struct RegistrationParts {
    /// Every piece's latencies, named by what they include.
    struct Results {
        /// New TCP connection + TLS 1.2/1.3 handshake with the OBWAC client certificate + one GET of
        /// the bank's discovery document + the close (`Connection: close`).
        var handshakeAndRequest: LatencySummary
        /// The same GET on a kept-alive TLS connection: the handshake is the difference.
        var keptAliveRequest: LatencySummary
        /// Building the DCR claims' JSON and signing them PS256 with the OBSeal key (CompactJWS.sign).
        var signature: LatencySummary
        /// One `POST /register` with a pre-signed JWS on a kept-alive mTLS connection: the bank's
        /// validation (SSA and request signatures, claims) and client creation, plus one loopback round trip.
        var bankWork: LatencySummary
        /// Directory token (RS256 client assertion) + SSA (signed PS256 by the Directory) over the
        /// product's own outbound client and kept-alive connections.
        var directory: LatencySummary
        /// TCP connections opened on the machine while the handshake piece ran (should equal its count).
        var handshakeConnections: Int?
    }

    let environment: RegistrationBenchEnvironment
    let profile: BankProfile
    let translator: any DCRTranslator

    init(environment: RegistrationBenchEnvironment, profileId: String) throws {
        self.environment = environment
        guard let profile = environment.runtime.registry.bankProfiles[profileId] else { throw BenchFailure("no bank profile \(profileId)") }
        guard let translator = environment.runtime.registry.dcrTranslators[profile.dcrVersion] else {
            throw BenchFailure("no DCR translator for \(profile.dcrVersion)")
        }
        self.profile = profile
        self.translator = translator
    }

    func measure(samples: Int) async throws -> Results {
        let simulator = environment.simulator
        let pki = simulator.pki
        let tpp = simulator.tpp
        let signingKey = try pki.obSealSigningKey()
        let transport = TransportIdentity(certificatePEM: pki.obWacCertificatePEM, privateKeyPEM: SecretValue(pki.obWacKeyPEM))

        // Directory: the product's DirectoryClient over the product's AsyncHTTPOutbound.
        let outbound = try AsyncHTTPOutbound(extraTrustRootsPEMFile: environment.caPath)
        let directoryClient = DirectoryClient(http: outbound, now: { Date() })
        let endpoints = DirectoryClient.Endpoints.configured(sandbox: true, configuration: environment.runtime.settings.values)
        @Sendable func fetchSSA() async throws -> String {
            try await directoryClient.softwareStatementAssertion(
                organisationId: tpp.organisationId, softwareId: tpp.softwareId, endpoints: endpoints, transport: transport, signingKey: signingKey,
                signingKeyId: tpp.obSealKeyId)
        }
        let ssa = try SoftwareStatementAssertion(jws: try await fetchSSA())
        let directory = try await RegistrationParts.sequential(samples) { _ in _ = try await fetchSSA() }

        // One client with the product's TLS settings (system roots + the simulator CA, OBWAC identity).
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.additionalTrustRoots = [.certificates(try NIOSSLCertificate.fromPEMFile(environment.caPath))]
        tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(Array(pki.obWacCertificatePEM.utf8)).map { .certificate($0) }
        tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(pki.obWacKeyPEM.utf8), format: .pem))
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: HTTPClient.Configuration(tlsConfiguration: tls))
        do {
            let results = try await measure(samples: samples, client: client, ssa: ssa, signingKey: signingKey, directory: directory)
            try await client.shutdown()
            return results
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    private func measure(samples: Int, client: HTTPClient, ssa: SoftwareStatementAssertion, signingKey: SigningKey, directory: LatencySummary)
        async throws -> Results
    {
        let simulator = environment.simulator
        let issuer = simulator.issuerURL(for: profile.id)
        let discoveryURL = BankProfile.wellKnownURL(issuer: issuer)

        // Handshakes: a new connection per request. The first one (creating the SSL context) is not timed.
        @Sendable func get(_ url: String, close: Bool) async throws {
            var request = HTTPClientRequest(url: url)
            if close { request.headers.add(name: "Connection", value: "close") }
            let response = try await client.execute(request, timeout: .seconds(10))
            _ = try await response.body.collect(upTo: 1 << 20)
            guard response.status == .ok else { throw BenchFailure("GET \(url) answered \(response.status.code)") }
        }
        try await get(discoveryURL, close: true)
        let before = TCPActiveOpens.current()
        let handshake = try await Self.sequential(samples) { _ in try await get(discoveryURL, close: true) }
        let opened = TCPActiveOpens.opened(since: before)
        try await get(discoveryURL, close: false)
        let keptAlive = try await Self.sequential(samples) { _ in try await get(discoveryURL, close: false) }

        // PS256: the claims the product builds for this profile, signed once per sample; the
        // signed requests (each with its own jti, as the bank refuses replays) feed the bank's piece.
        let wacCertificate = try simulator.pki.obWacCertificate()
        let audience: String
        switch profile.quirks.audClaim {
        case "IssuerUrl": audience = issuer
        case let value?: audience = value
        case nil: audience = profile.financialId ?? SimulatedOpenBanking.financialId(for: profile)
        }
        let keyId = simulator.tpp.obSealKeyId
        var signed: [String] = []
        signed.reserveCapacity(samples + 1)
        let clock = ContinuousClock()
        var signatureSamples: [Duration] = []
        let signatureStart = clock.now
        for _ in 0...samples {
            let issuedAt = Int(Date().timeIntervalSince1970)
            let claims = RegistrationClaims(
                issuer: ssa.softwareId, issuedAt: issuedAt, expiresAt: issuedAt + 300, audience: audience, jwtId: UUID().uuidString.lowercased(),
                redirectUris: ssa.redirectUris, tokenEndpointAuthMethod: profile.tokenEndpointAuthMethod,
                grantTypes: profile.quirks.grantTypesClaim ?? ["client_credentials", "authorization_code", "refresh_token"],
                responseTypes: ["code id_token"], softwareId: ssa.softwareId, scope: ssa.registrationScope.oauthScopes, softwareStatement: ssa.jws,
                tokenEndpointAuthSigningAlg: profile.tokenEndpointAuthMethod == .privateKeyJwt ? "PS256" : nil,
                tlsClientAuthSubjectDn: SubjectDNFormatter.format(wacCertificate.subject, orgIdEncoding: profile.quirks.subjectDnOrgIdEncoding),
                subjectType: profile.quirks.subjectTypeClaim)
            let began = clock.now
            signed.append(
                try CompactJWS.sign(
                    claims: translator.wireClaims(for: claims, quirks: profile.quirks), key: signingKey, algorithm: .ps256, keyId: keyId))
            signatureSamples.append(clock.now - began)
        }
        let signature = LatencySummary(Array(signatureSamples.dropFirst()), wall: clock.now - signatureStart)

        // The bank's work: POST /register on a kept-alive connection, one pre-signed request each.
        let contentType = profile.quirks.contentTypeApplicationJose ? "application/jose" : "application/jwt"
        let requests = signed
        @Sendable func register(_ index: Int) async throws {
            var request = HTTPClientRequest(url: issuer + "/register")
            request.method = .POST
            request.headers.add(name: "Content-Type", value: contentType)
            request.headers.add(name: "Accept", value: "application/json")
            request.body = .bytes(ByteBuffer(string: requests[index]))
            let response = try await client.execute(request, timeout: .seconds(10))
            let body = try await response.body.collect(upTo: 1 << 20)
            guard response.status == .created else {
                throw BenchFailure("POST /register answered \(response.status.code): \(String(buffer: body))")
            }
        }
        try await register(samples)
        let bankWork = try await Self.sequential(samples) { index in try await register(index) }
        return Results(
            handshakeAndRequest: handshake, keptAliveRequest: keptAlive, signature: signature, bankWork: bankWork, directory: directory,
            handshakeConnections: opened)
    }

    /// One at a time: the pieces are compared with a sequential full DCR.
    static func sequential(_ count: Int, _ operation: @escaping @Sendable (Int) async throws -> Void) async throws -> LatencySummary {
        try await timeEach(count: count, concurrency: 1, operation)
    }
}
