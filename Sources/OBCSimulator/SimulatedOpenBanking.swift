import Foundation
import Hummingbird
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import OBCCore
import OBCPluginAPI
import Synchronization
import X509

/// A simulated UK Open Banking environment on one HTTPS port: the OB Directory (token, SSA,
/// JWKS) and one bank per profile (discovery, DCR, token), all behind mutual TLS verified
/// against the simulator's CA. It is the product's offline demo (`obc simulate`) and the
/// tests' counterpart: it refuses what real banks refuse, counts what it sees, and fails on
/// request.
///
/// URL layout (base `https://HOST:PORT`):
/// - `POST /directory/as/token.oauth2`, `GET /directory/api/v2/tpp/{org}/ssa/{software}`,
///   `GET /directory/tpp/{org}/{software}/jwks`, `GET /directory/jwks`
/// - per profile, issuer `/banks/{ProfileId}`: `GET …/.well-known/openid-configuration`,
///   `POST …/register`, `GET|DELETE …/register/{ClientId}`, `POST …/token`, `GET …/jwks`
/// - `GET /simulator/state`: the counters as JSON.
public final class SimulatedOpenBanking: Sendable {
    public let pki: SimulatorPKI
    public let tpp: SimulatedTPP
    public let profiles: [BankProfile]
    /// `https://HOST:PORT`, fixed once the server listens.
    public let baseURL: String
    public let port: Int

    private let environment: SimulatorEnvironment
    private let serverTask: Mutex<Task<Void, any Error>?>

    private init(
        pki: SimulatorPKI, tpp: SimulatedTPP, profiles: [BankProfile], environment: SimulatorEnvironment, baseURL: String, port: Int,
        task: Task<Void, any Error>
    ) {
        self.pki = pki
        self.tpp = tpp
        self.profiles = profiles
        self.environment = environment
        self.baseURL = baseURL
        self.port = port
        self.serverTask = Mutex(task)
    }

    /// Starts listening on `host:port` (0 picks a free port) and returns once connections are accepted.
    /// With `handlingSignals`, SIGINT/SIGTERM stop the server gracefully (see ``waitUntilStopped()``).
    public static func start(
        pki: SimulatorPKI, tpp: SimulatedTPP? = nil, profiles: [BankProfile], host: String = "127.0.0.1", port: Int = 0,
        handlingSignals: Bool = false, maximumTLSVersion: TLSVersion? = nil, logger: Logger = Logger(label: "obc.simulator")
    ) async throws -> SimulatedOpenBanking {
        let tpp = try tpp ?? pki.tpp()
        let state = SimulatorState()
        let environment = try SimulatorEnvironment(pki: pki, tpp: tpp, profiles: profiles, state: state)

        let router = Router(context: SimulatorRequestContext.self)
        SimulatedDirectory(environment: environment).addRoutes(to: router)
        SimulatedBank(environment: environment).addRoutes(to: router)
        router.get("/simulator/state") { _, _ in HTTPReply.json(state.snapshot()) }

        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(pki.serverCertificatePEM.utf8)).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(pki.serverKeyPEM.utf8), format: .pem))
        )
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(pki.caCertificatePEM.utf8)))
        tls.certificateVerification = .noHostnameVerification
        tls.minimumTLSVersion = .tlsv12
        tls.maximumTLSVersion = maximumTLSVersion

        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router,
            server: try .tls(.http1(), tlsConfiguration: tls),
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? port)
                portContinuation.finish()
            },
            logger: logger
        )
        let task = Task {
            defer { portContinuation.finish() }
            if handlingSignals { try await app.runService() } else { try await app.run() }
        }
        var iterator = portStream.makeAsyncIterator()
        guard let boundPort = await iterator.next() else {
            _ = try await task.value
            throw OBCError(.misconfigured, "The simulator stopped before listening on \(host):\(port).")
        }
        let urlHost = host.contains(":") ? "[\(host)]" : host
        let baseURL = "https://\(urlHost):\(boundPort)"
        state.withValues { $0.baseURL = baseURL }
        return SimulatedOpenBanking(pki: pki, tpp: tpp, profiles: profiles, environment: environment, baseURL: baseURL, port: boundPort, task: task)
    }

    /// Stops the server and waits for it to close.
    public func stop() async {
        let task = serverTask.withLock { $0 }
        task?.cancel()
        _ = try? await task?.value
    }

    /// Waits until the server stops (a signal, when started with `handlingSignals`, or ``stop()``).
    public func waitUntilStopped() async throws {
        let task = serverTask.withLock { $0 }
        try await task?.value
    }

    // MARK: URLs

    public func issuerURL(for profileId: String) -> String { environment.issuerURL(for: profileId) }
    /// The Directory token endpoint (OBC's `…/as/token.oauth2`).
    public var directoryTokenURL: String { environment.directoryTokenURL }
    /// OBC appends `/api/v2/tpp/{org}/ssa/{software}` to this.
    public var directorySSABaseURL: String { environment.directorySSABaseURL }
    public var directoryJWKSURL: String { environment.directoryJWKSURL }
    /// The SSA's `software_jwks_endpoint`.
    public var softwareJWKSURL: String { environment.tppJWKSURL }
    public var stateURL: String { baseURL + "/simulator/state" }

    /// The `aud` the bank expects by default: the profile's financial id, or a stable simulated one when it has none.
    public func financialId(for profileId: String) -> String? {
        environment.profiles[profileId].map(SimulatorEnvironment.financialId(for:))
    }

    /// A stable simulated financial id for a profile whose `financialId` is nil.
    public static func financialId(for profile: BankProfile) -> String { SimulatorEnvironment.financialId(for: profile) }

    // MARK: Counters

    /// Requests that reached `endpoint` of `profileId`, counted before an injected fault or delay.
    public func arrivals(_ endpoint: SimulatorEndpoint, profileId: String) -> Int {
        environment.state.withValues { $0.arrivals[.init(endpoint: endpoint, profileId: profileId)] ?? 0 }
    }

    public func registrationPosts(_ profileId: String) -> Int { environment.state.withValues { $0.registrationPosts[profileId] ?? 0 } }
    public func registrationGets(_ profileId: String) -> Int { environment.state.withValues { $0.registrationGets[profileId] ?? 0 } }
    public func registeredClients(_ profileId: String) -> [RegisteredClient] {
        environment.state.withValues { ($0.clients[profileId] ?? [:]).values.map(\.client).sorted { $0.issuedAt < $1.issuedAt } }
    }
    /// The client certificates `POST /register` calls to `profileId` presented over mutual TLS, in order.
    public func registrationCertificates(_ profileId: String) -> [Certificate] {
        environment.state.withValues { $0.registrationCertificates[profileId] ?? [] }
    }
    public func registrationPuts(_ profileId: String) -> Int { environment.state.withValues { $0.registrationPuts[profileId] ?? 0 } }
    public var deletedClients: [String] { environment.state.withValues { $0.deletedClients } }
    /// Every client secret, registration access token and bank access token issued for `profileId`,
    /// so tests can prove none of them leaks into logs, responses or the database.
    public func issuedSecrets(_ profileId: String) -> [String] { environment.state.withValues { $0.issuedSecrets[profileId] ?? [] } }
    public func tokenRequests(_ profileId: String) -> Int { environment.state.withValues { $0.tokenRequests[profileId] ?? 0 } }
    public func discoveryRequests(_ profileId: String) -> Int { environment.state.withValues { $0.discoveryRequests[profileId] ?? 0 } }
    public var directoryTokenRequests: Int { environment.state.withValues { $0.directoryTokenRequests } }
    public var ssaRequests: Int { environment.state.withValues { $0.ssaRequests } }
    /// All counters, as `GET /simulator/state` returns them.
    public var stateSnapshot: JSONValue { environment.state.snapshot() }

    // MARK: Faults

    /// Makes `endpoint` fail or slow down, for one profile or (nil) every bank and the Directory.
    public func setFault(_ fault: SimulatorFault, on endpoint: SimulatorEndpoint, profileId: String? = nil) {
        environment.state.withValues { $0.faults[SimulatorState.FaultKey(endpoint: endpoint, profileId: profileId)] = fault }
    }

    /// Makes `profileId`'s bank answer `PUT /register/{ClientId}` with 405, as a bank without it does.
    public func refuseRegistrationUpdates(for profileId: String) {
        environment.state.withValues { _ = $0.updatesRefused.insert(profileId) }
    }

    /// Changes the `software_redirect_uris` of the SSA the Directory issues from now on.
    public func setSoftwareRedirectURIs(_ uris: [String]) {
        environment.state.withValues { $0.softwareRedirectURIs = uris }
    }

    public func clearFaults() {
        environment.state.withValues { $0.faults.removeAll() }
    }
}
