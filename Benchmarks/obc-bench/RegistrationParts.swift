import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL
import OBCCore
import OBCOutbound
import OBCPluginAPI
import OBCSimulator
import X509

/// The pieces a full DCR is made of, each timed alone against the same simulator in the same
/// run, so "the full DCR costs at most 1.5× its parts" is a measured ratio. Pieces run one at
/// a time, in rounds between the full registrations, with their own client apart from the
/// connector's connection pool.
struct RegistrationParts: Sendable {
    /// Every piece's latencies, named by what they include.
    struct Results {
        /// New TCP connection + TLS handshake with the OBWAC client certificate + one GET of
        /// the bank's discovery document + the close (`Connection: close`).
        var handshakeAndRequest = Samples()
        /// The same GET on a kept-alive TLS connection: the handshake is the difference.
        var keptAliveRequest = Samples()
        /// Building the DCR claims' JSON and signing them PS256 with the OBSeal key (CompactJWS.sign).
        var signature = Samples()
        /// One `POST /register` with a pre-signed JWS on a kept-alive mTLS connection: the bank's
        /// validation (SSA and request signatures, claims) and client creation, plus one loopback round trip.
        var bankWork = Samples()
        /// Directory token (RS256 client assertion) + SSA (signed PS256 by the Directory) over the
        /// product's own outbound client and kept-alive connections.
        var directory = Samples()
        /// TCP connections opened on the machine while the handshake piece ran (should equal its count).
        var handshakeConnections: Int? = 0
    }

    let environment: RegistrationBenchEnvironment
    let profile: BankProfile
    let translator: any DCRTranslator
    let client: HTTPClient
    let ssa: SoftwareStatementAssertion
    let fetchSSA: @Sendable () async throws -> String
    let signingKey: SigningKey
    let issuer: String
    let wacCertificate: Certificate

    /// Fetches an SSA with the product's Directory client and opens a client with the
    /// product's TLS settings; nothing here is timed.
    init(environment: RegistrationBenchEnvironment, profileId: String) async throws {
        guard let profile = environment.runtime.registry.bankProfiles[profileId] else { throw BenchFailure("no bank profile \(profileId)") }
        guard let translator = environment.runtime.registry.dcrTranslators[profile.dcrVersion] else {
            throw BenchFailure("no DCR translator for \(profile.dcrVersion)")
        }
        let simulator = environment.simulator
        let pki = simulator.pki
        let tpp = simulator.tpp
        let signingKey = try pki.obSealSigningKey()
        let transport = try TransportIdentity(certificatePEM: pki.obWacCertificatePEM, privateKeyPEM: SecretValue(pki.obWacKeyPEM))

        // Directory: the product's DirectoryClient over the product's AsyncHTTPOutbound.
        let outbound = try AsyncHTTPOutbound(extraTrustRootsPEMFile: environment.caPath)
        let directoryClient = DirectoryClient(http: outbound, now: { Date() })
        let endpoints = DirectoryClient.Endpoints.configured(sandbox: true, configuration: environment.runtime.settings.values)
        let fetchSSA: @Sendable () async throws -> String = {
            try await directoryClient.softwareStatementAssertion(
                organisationId: tpp.organisationId, softwareId: tpp.softwareId, endpoints: endpoints, transport: transport, signer: signingKey,
                signingKeyId: tpp.obSealKeyId)
        }
        ssa = try SoftwareStatementAssertion(jws: try await fetchSSA())

        // System roots + the simulator CA, OBWAC identity: what AsyncHTTPOutbound builds.
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.additionalTrustRoots = [.certificates(try NIOSSLCertificate.fromPEMFile(environment.caPath))]
        tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(Array(pki.obWacCertificatePEM.utf8)).map { .certificate($0) }
        tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(pki.obWacKeyPEM.utf8), format: .pem))
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: HTTPClient.Configuration(tlsConfiguration: tls))

        self.environment = environment
        self.profile = profile
        self.translator = translator
        self.fetchSSA = fetchSSA
        self.signingKey = signingKey
        self.issuer = simulator.issuerURL(for: profile.id)
        self.wacCertificate = try pki.obWacCertificate()

        // Untimed warm-up of each piece: SSL context, connections, code paths.
        _ = try await fetchSSA()
        try await get(close: true)
        try await get(close: false)
        try await register(try sign())
    }

    func shutdown() async {
        try? await client.shutdown()
    }

    /// Times `samples` of each piece, one at a time, adding them to `results`.
    func round(samples: Int, into results: inout Results) async throws {
        let fetchSSA = fetchSSA
        results.directory.add(try await timeEach(count: samples, concurrency: 1) { _ in _ = try await fetchSSA() })

        try await get(close: true)  // untimed: ends the kept-alive connection the last round left open
        let before = TCPActiveOpens.current()
        results.handshakeAndRequest.add(try await timeEach(count: samples, concurrency: 1) { _ in try await get(close: true) })
        let opened = TCPActiveOpens.opened(since: before)
        results.handshakeConnections = results.handshakeConnections.flatMap { total in opened.map { total + $0 } }
        results.keptAliveRequest.add(try await timeEach(count: samples, concurrency: 1) { _ in try await get(close: false) })

        // PS256, one per sample; each signed request (its own jti, as the bank refuses replays) feeds the bank's piece.
        let clock = ContinuousClock()
        var signed: [String] = []
        var signatures = Samples()
        for _ in 0..<samples {
            let began = clock.now
            signed.append(try sign())
            let took = clock.now - began
            signatures.durations.append(took)
            signatures.wall += took
        }
        results.signature.add(signatures)
        let requests = signed
        results.bankWork.add(try await timeEach(count: samples, concurrency: 1) { index in try await register(requests[index]) })
    }

    /// GET discovery; `close` makes it a new connection (and handshake) each time.
    func get(close: Bool) async throws {
        let url = BankProfile.wellKnownURL(issuer: issuer)
        var request = HTTPClientRequest(url: url)
        if close { request.headers.add(name: "Connection", value: "close") }
        let response = try await client.execute(request, timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 20)
        guard response.status == .ok else { throw BenchFailure("GET \(url) answered \(response.status.code)") }
    }

    /// The claims the product builds for this profile (fresh jti and times), signed PS256.
    func sign() throws -> String {
        let simulator = environment.simulator
        let audience: String
        switch profile.quirks[BankDifferences.AudClaim.self] {
        case "IssuerUrl": audience = issuer
        case let value?: audience = value
        case nil: audience = profile.financialId ?? SimulatedOpenBanking.financialId(for: profile)
        }
        let issuedAt = Int(Date().timeIntervalSince1970)
        let claims = RegistrationClaims(
            issuer: ssa.softwareId, issuedAt: issuedAt, expiresAt: issuedAt + 300, audience: audience, jwtId: UUID().lowercasedText,
            redirectUris: ssa.redirectUris, tokenEndpointAuthMethod: profile.tokenEndpointAuthMethod,
            grantTypes: profile.quirks[BankDifferences.GrantTypesClaim.self] ?? ["client_credentials", "authorization_code", "refresh_token"],
            responseTypes: ["code id_token"], softwareId: ssa.softwareId, scope: ssa.registrationScope.oauthScopes, softwareStatement: ssa.jws,
            tokenEndpointAuthSigningAlg: profile.tokenEndpointAuthMethod == .privateKeyJwt ? "PS256" : nil,
            tlsClientAuthSubjectDn: SubjectDNFormatter.format(
                wacCertificate.subject, orgIdEncoding: profile.quirks[BankDifferences.TransportCertificateSubjectDnOrgIdEncoding.self]),
            subjectType: profile.quirks[BankDifferences.SubjectTypeClaim.self])
        return try CompactJWS.sign(
            claims: translator.wireClaims(for: claims, quirks: profile.quirks), key: signingKey, algorithm: .ps256,
            keyId: simulator.tpp.obSealKeyId)
    }

    /// The bank's piece: one pre-signed `POST /register` on a kept-alive connection; requires 201.
    func register(_ jws: String) async throws {
        var request = HTTPClientRequest(url: issuer + "/register")
        request.method = .POST
        request.headers.add(
            name: "Content-Type", value: profile.quirks[BankDifferences.ContentTypeApplicationJose.self] ? "application/jose" : "application/jwt")
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(ByteBuffer(string: jws))
        let response = try await client.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        guard response.status == .created else {
            throw BenchFailure("POST /register answered \(response.status.code): \(String(buffer: body))")
        }
    }
}
