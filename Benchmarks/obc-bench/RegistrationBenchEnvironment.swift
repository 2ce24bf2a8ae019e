import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import OBCApp
import OBCCore
import OBCPluginAPI
import OBCSQLite
import OBCSimulator
import ServiceLifecycle

/// A simulated Open Banking environment plus the connector's real HTTP server configured
/// against it through environment-style settings, as `obc simulate --write-config` and
/// `obc serve` would be, so the benchmark drives the same path an operator's client does.
struct RegistrationBenchEnvironment: Sendable {
    let simulator: SimulatedOpenBanking
    let runtime: OBCRuntime
    /// The settings the connector runs with, as environment variables (what `obc serve`
    /// processes of the same deployment are given).
    let environment: [String: String]
    let directory: URL
    let caPath: String
    /// Where the OBWAC and OBSeal keys live (in-memory PEM settings, or a token).
    let keys: BenchKeys
    /// `http://127.0.0.1:PORT` of the connector.
    let baseURL: String
    /// Loopback HTTP/1.1 client with keep-alive, as a service calling the connector would use.
    let client: HTTPClient
    /// The connector's server, stopped gracefully as `obc serve` stops on SIGTERM.
    private let serverGroup: ServiceGroup
    private let server: Task<Void, any Error>

    static let wacKeyName = "OpenBankingConnector:Keys:ObWac"
    static let sealKeyName = "OpenBankingConnector:Keys:ObSeal"
    static let encryptionKeyName = "OpenBankingConnector:Keys:Encryption:Key1"

    /// Generates fresh PKI, starts the simulator and the connector on a fresh SQLite file, or
    /// on `database` (migrated) when given.
    static func start(connections: Int, database: PostgresBenchDatabase? = nil, keys: BenchKeys = .inMemory) async throws
        -> RegistrationBenchEnvironment
    {
        let pki = try keys.pki ?? SimulatorPKI.generate()
        let quiet = ConfigurationValues.environment([:])
        let registry = try PluginRegistrar.build(plugins: pluginList, configuration: quiet, logger: Logger(label: "obc-bench"))
        let profiles = registry.bankProfiles.values.sorted { $0.id < $1.id }
        var simulatorLogger = Logger(label: "obc.simulator")
        simulatorLogger.logLevel = .critical  // its answers are checked; its stop-by-cancellation is not an error here
        let simulator = try await SimulatedOpenBanking.start(pki: pki, profiles: profiles, logger: simulatorLogger)

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("obc-regbench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let caPath = directory.appendingPathComponent("ca.pem").path
        try pki.caCertificatePEM.write(toFile: caPath, atomically: true, encoding: .utf8)

        // The settings `obc simulate --write-config` produces, in their environment-variable form.
        var environment: [String: String] = [:]
        for sandbox in ["Sandbox", "Production"] {
            environment["OpenBankingConnector__Directory__\(sandbox)__TokenUrl"] = simulator.directoryTokenURL
            environment["OpenBankingConnector__Directory__\(sandbox)__SsaBaseUrl"] = simulator.directorySSABaseURL
        }
        environment["OpenBankingConnector__Http__ExtraTrustRoots"] = caPath
        environment["OpenBankingConnector__Simulator__BaseUrl"] = simulator.baseURL
        for profile in profiles where profile.financialId == nil {
            environment["OpenBankingConnector__BankProfiles__\(profile.group)__\(profile.bank)__FinancialId"] =
                SimulatedOpenBanking.financialId(for: profile)
        }
        if keys.pki == nil {
            environment[wacKeyName.replacingOccurrences(of: ":", with: "__")] = pki.obWacKeyPEM
            environment[sealKeyName.replacingOccurrences(of: ":", with: "__")] = pki.obSealKeyPEM
        }
        environment.merge(keys.environment) { _, new in new }
        environment[encryptionKeyName.replacingOccurrences(of: ":", with: "__")] =
            Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()

        let databasePath = directory.appendingPathComponent("obc.sqlite").path
        environment.merge(database?.environment ?? [:]) { _, new in new }
        let settings = try AppSettings(flags: [AppSettings.databasePathKey: databasePath], environment: environment)
        // The log handler `obc serve` uses (text lines on standard error, level info), so the
        // access log costs here what it costs a deployment.
        let runtime = try await OBCRuntime.open(settings: settings, logger: LogSettingsHandle().logger(label: "obc"), migrate: true)
        let port = try await freeLoopbackPort()
        let app = try await buildApplication(runtime: runtime, port: port)
        let serverGroup = ServiceGroup(services: [app], logger: runtime.logger)
        let server = Task { try await serverGroup.run() }

        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(120), concurrentHTTP1ConnectionsPerHostSoftLimit: max(8, connections))
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        let environmentValue = RegistrationBenchEnvironment(
            simulator: simulator, runtime: runtime, environment: environment, directory: directory, caPath: caPath, keys: keys,
            baseURL: "http://127.0.0.1:\(port)", client: client,
            serverGroup: serverGroup, server: server)
        try await environmentValue.waitUntilLive()
        return environmentValue
    }

    /// Stops both servers and the client, and removes the temporary folder.
    func stop() async {
        try? await client.shutdown()
        await serverGroup.triggerGracefulShutdown()
        _ = try? await server.value
        await simulator.stop()
        try? (runtime.store as? SQLiteStore)?.close()
        await runtime.close()
        try? FileManager.default.removeItem(at: directory)
    }

    /// The same environment and client, sending to another instance of the connector.
    func addressing(_ baseURL: String) -> RegistrationBenchEnvironment {
        RegistrationBenchEnvironment(
            simulator: simulator, runtime: runtime, environment: environment, directory: directory, caPath: caPath, keys: keys, baseURL: baseURL,
            client: client, serverGroup: serverGroup, server: server)
    }

    /// A port the kernel just handed out on 127.0.0.1, released for the server to bind.
    static func freeLoopbackPort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        try await channel.close()
        return port
    }

    func waitUntilLive() async throws {
        for _ in 0..<200 {
            if let (status, _) = try? await send("GET", "/health/live"), status == 200 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw BenchFailure("the connector did not answer /health/live at \(baseURL)")
    }

    /// One request to the connector; the status and the body as JSON (or nil).
    func send(_ method: String, _ path: String, json: [String: any Sendable]? = nil) async throws -> (Int, [String: Any]?) {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .init(rawValue: method)
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)))
        }
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 4 * 1024 * 1024)
        let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
        return (Int(response.status.code), object)
    }

    /// Sends and requires `status`, naming the request and the answer otherwise.
    @discardableResult
    func require(_ status: Int, _ method: String, _ path: String, json: [String: any Sendable]? = nil) async throws -> [String: Any] {
        let (answer, body) = try await send(method, path, json: json)
        guard answer == status else {
            throw BenchFailure("\(method) \(path) answered \(answer), not \(status): \(body.map { "\($0)" } ?? "(no JSON body)")")
        }
        return body ?? [:]
    }

    // MARK: Fixture through the Management API

    /// The OBWAC and OBSeal certificates and the current encryption key; returns the two certificate ids.
    func createCertificatesAndKey() async throws -> (wac: String, seal: String) {
        let pki = simulator.pki
        let wac = try await require(
            201, "POST", "/manage/obwac-certificates", json: ["AssociatedKey": keys.wac, "Certificate": pki.obWacCertificatePEM])
        let seal = try await require(
            201, "POST", "/manage/obseal-certificates",
            json: [
                "AssociatedKeyId": simulator.tpp.obSealKeyId, "AssociatedKey": keys.seal, "Certificate": pki.obSealCertificatePEM,
            ])
        try await require(
            201, "POST", "/manage/encryption-key-descriptions", json: ["Key": ["Name": Self.encryptionKeyName], "SetAsCurrentEncryptionKey": true])
        guard let wacId = wac["Id"] as? String, let sealId = seal["Id"] as? String else { throw BenchFailure("certificates have no Id") }
        return (wacId, sealId)
    }

    /// A software statement for the simulator's TPP; each one is its own registration group at every bank.
    func createSoftwareStatement(wac: String, seal: String) async throws -> String {
        let tpp = simulator.tpp
        let statement = try await require(
            201, "POST", "/manage/software-statements",
            json: [
                "OrganisationId": tpp.organisationId, "SoftwareId": tpp.softwareId, "SandboxEnvironment": true, "DefaultObWacCertificateId": wac,
                "DefaultObSealCertificateId": seal, "DefaultQueryRedirectUrl": tpp.redirectURIs[0], "DefaultFragmentRedirectUrl": tpp.redirectURIs[0],
            ])
        guard let id = statement["Id"] as? String else { throw BenchFailure("software statement has no Id") }
        return id
    }

    /// `POST /manage/bank-registrations` against the simulated bank; requires 201 Created.
    func register(profile: String, statement: String) async throws {
        try await require(
            201, "POST", "/manage/bank-registrations", json: ["BankProfile": profile, "SoftwareStatementId": statement, "UseSimulatedBank": true])
    }
}

/// A benchmark precondition that failed: the run stops rather than report wrong figures.
struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
