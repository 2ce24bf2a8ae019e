import Foundation
import HummingbirdTesting
import Logging
import OBCApp
import OBCCore
import OBCPluginAPI
import OBCSimulator
import OBCTestSupport

/// A simulated Open Banking environment plus a connector configured against it, the way an
/// operator would configure one: Directory URLs, extra trust roots and the simulator's base
/// URL, all through environment variables.
struct RegistrationHarness: Sendable {
    let simulator: SimulatedOpenBanking
    let runtime: TestRuntime

    /// Starts a simulator whose banks behave as this build's profiles (after `extraConfiguration`).
    /// `connectorOnly` settings reach the connector but not the simulator, to make the two disagree.
    /// `banksAtSimulator` points every profile's real issuer at its simulated bank too, so a
    /// registration without `UseSimulatedBank` also reaches a bank (schemathesis sends both).
    /// `pki` replaces the shared simulator material (for example an OBWAC issued by an intermediate).
    static func start(
        extraConfiguration: [String: String] = [:], connectorOnly: [String: String] = [:], plugins: [any OBCPlugin.Type] = pluginList,
        banksAtSimulator: Bool = false, postgres: Bool = false, pki: SimulatorPKI? = nil
    ) async throws -> RegistrationHarness {
        let pki = try pki ?? SharedPKI.value()
        let configuration = ConfigurationValues.environment(extraConfiguration)
        let registry = try PluginRegistrar.build(plugins: plugins, configuration: configuration, logger: Logger(label: "test"))
        let profiles = registry.bankProfiles.values.sorted { $0.id < $1.id }
        let simulator = try await SimulatedOpenBanking.start(pki: pki, profiles: profiles)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("obc-dcr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let caFile = directory.appendingPathComponent("ca.pem")
        try pki.caCertificatePEM.write(to: caFile, atomically: true, encoding: .utf8)
        var environment = extraConfiguration.merging(connectorOnly) { _, new in new }
        for sandbox in ["Sandbox", "Production"] {
            environment["OpenBankingConnector__Directory__\(sandbox)__TokenUrl"] = simulator.directoryTokenURL
            environment["OpenBankingConnector__Directory__\(sandbox)__SsaBaseUrl"] = simulator.directorySSABaseURL
        }
        environment["OpenBankingConnector__Http__ExtraTrustRoots"] = caFile.path
        environment["OpenBankingConnector__Simulator__BaseUrl"] = simulator.baseURL
        environment["OpenBankingConnector__Http__TimeoutSeconds"] = "5"
        for profile in profiles where banksAtSimulator {
            let key = "OpenBankingConnector__BankProfiles__\(profile.group)__\(profile.bank)__"
            environment[key + "IssuerUrl"] = "\(simulator.baseURL)/banks/\(profile.id)"
            environment[key + "OpenIdConfigurationUrl"] = "\(simulator.baseURL)/banks/\(profile.id)/.well-known/openid-configuration"
        }
        for profile in profiles where profile.financialId == nil {
            let key = BankProfileSetting.financialId.keys(for: profile)[0].replacingOccurrences(of: ":", with: "__")
            if environment[key] != nil { continue }
            environment[key] = SimulatedOpenBanking.financialId(for: profile)
        }
        environment["OpenBankingConnector__Keys__ObWac"] = pki.obWacKeyPEM
        environment["OpenBankingConnector__Keys__ObSeal"] = pki.obSealKeyPEM
        environment["OpenBankingConnector__Keys__Encryption__Key1"] = TestPKI.encryptionKey()
        environment["OpenBankingConnector__Keys__Untrusted"] = TestPKI.keys[0].privateKeyPEM
        TestRunRecorder.secrets([pki.obWacKeyPEM, pki.obSealKeyPEM, pki.serverKeyPEM, pki.caKeyPEM, pki.directoryKeyPEM])
        TestRunRecorder.secrets(environment.filter { $0.key.contains("__Keys__") }.map(\.value))
        if postgres {
            let cluster = try await PostgresTestCluster.shared()
            environment.merge(cluster.environment(database: try await cluster.createDatabase())) { _, new in new }
        }
        return RegistrationHarness(simulator: simulator, runtime: try TestRuntime(environment: environment, directory: directory))
    }

    /// Runs `body` with a started harness (see `start`), then awaits ``stop()`` whether `body`
    /// returned or threw; `body`'s own error is the one rethrown.
    @discardableResult
    static func with<Result>(
        extraConfiguration: [String: String] = [:], connectorOnly: [String: String] = [:], plugins: [any OBCPlugin.Type] = pluginList,
        banksAtSimulator: Bool = false, postgres: Bool = false, pki: SimulatorPKI? = nil, _ body: (RegistrationHarness) async throws -> Result
    ) async throws -> Result {
        let harness = try await start(
            extraConfiguration: extraConfiguration, connectorOnly: connectorOnly, plugins: plugins, banksAtSimulator: banksAtSimulator,
            postgres: postgres, pki: pki)
        return try await withAwaitedCleanup {
            try await body(harness)
        } cleanup: {
            try await harness.stop()
        }
    }

    /// `with`, plus the connector's server on loopback and a software statement created through it.
    static func withServer(
        extraConfiguration: [String: String] = [:], connectorOnly: [String: String] = [:],
        _ body: @escaping @Sendable (RegistrationHarness, any TestClientProtocol, String) async throws -> Void
    ) async throws {
        try await with(extraConfiguration: extraConfiguration, connectorOnly: connectorOnly) { harness in
            try await harness.runtime.withServer { client in
                try await body(harness, client, try await harness.createSoftwareStatement(client))
            }
        }
    }

    /// Stops the simulator (awaiting its task) and removes the files.
    func stop() async throws {
        await simulator.stop()
        runtime.removeFiles()
    }

    var secretValues: [String] {
        [simulator.pki.obWacKeyPEM, simulator.pki.obSealKeyPEM, runtime.environment["OpenBankingConnector__Keys__Encryption__Key1"] ?? ""]
            .flatMap { $0.split(separator: "\n").filter { !$0.hasPrefix("-----") && $0.count > 20 }.map(String.init) }
    }

    /// Creates certificates, an encryption key and a software statement; returns its id.
    /// `wacCertificate` replaces the simulator's OBWAC PEM (its key stays `…:Keys:ObWac`).
    func createSoftwareStatement(_ client: any TestClientProtocol, sandbox: Bool = true, wacCertificate: String? = nil) async throws -> String {
        let pki = simulator.pki
        let tpp = simulator.tpp
        let wac = try await client.send(
            .post, "/manage/obwac-certificates",
            json: ["AssociatedKey": ["Name": "OpenBankingConnector:Keys:ObWac"], "Certificate": wacCertificate ?? pki.obWacCertificatePEM])
        let seal = try await client.send(
            .post, "/manage/obseal-certificates",
            json: [
                "AssociatedKeyId": tpp.obSealKeyId, "AssociatedKey": ["Name": "OpenBankingConnector:Keys:ObSeal"],
                "Certificate": pki.obSealCertificatePEM,
            ])
        _ = try await client.send(
            .post, "/manage/encryption-key-descriptions",
            json: ["Key": ["Name": "OpenBankingConnector:Keys:Encryption:Key1"], "SetAsCurrentEncryptionKey": true])
        guard let wacId = wac["Id"] as? String, let sealId = seal["Id"] as? String else {
            throw FixtureError(message: "certificates were refused: \(wac.text) \(seal.text)")
        }
        let statement = try await client.send(
            .post, "/manage/software-statements",
            json: [
                "OrganisationId": tpp.organisationId, "SoftwareId": tpp.softwareId, "SandboxEnvironment": sandbox,
                "DefaultObWacCertificateId": wacId, "DefaultObSealCertificateId": sealId,
                "DefaultQueryRedirectUrl": tpp.redirectURIs[0], "DefaultFragmentRedirectUrl": tpp.redirectURIs[0],
            ])
        guard let id = statement["Id"] as? String else { throw FixtureError(message: "software statement refused: \(statement.text)") }
        return id
    }

    func register(_ client: any TestClientProtocol, profile: String, statement: String, extra: [String: any Sendable] = [:]) async throws
        -> JSONResponse
    {
        var body: [String: any Sendable] = ["BankProfile": profile, "SoftwareStatementId": statement, "UseSimulatedBank": true]
        body.merge(extra) { _, new in new }
        return try await client.send(.post, "/manage/bank-registrations", json: body)
    }
}

extension RegistrationHarness {
    /// Registers and returns the new registration's id, failing with the answer when there is none.
    func registrationId(_ client: any TestClientProtocol, profile: String, statement: String) async throws -> String {
        let created = try await register(client, profile: profile, statement: statement)
        guard let id = created["Id"] as? String else { throw FixtureError(message: "\(profile) was not registered: \(created.text)") }
        return id
    }
}

/// RSA key generation is slow in debug builds: the tests share one simulator PKI.
enum SharedPKI {
    static let shared = Result { try SimulatorPKI.generate() }
    static func value() throws -> SimulatorPKI { try shared.get() }
}
