import Foundation
import Logging
import NIOSSL
import OBCApp
import OBCCore
import OBCPluginAPI
import OBCSimulator
import OBCTestSupport

/// `obc serve` as a real process whose OBWAC and OBSeal keys live in a fresh SoftHSM2 token
/// (its own `SOFTHSM2_CONF`), against a simulated Directory and bank in this process.
struct TokenServer: Sendable {
    static let profileId = "NatWest_NatWest"
    /// Generated once per test process (RSA generation is slow in debug builds).
    static let basePKI = Result { try SimulatorPKI.generate() }

    let token: SoftHSMToken
    let simulator: SimulatedOpenBanking
    let process: CLIProcess
    let base: String

    /// Makes a token holding `obwac` (id 01) and `obseal` (id 02) key pairs, a simulator whose
    /// TPP certificates carry those public keys, and runs `body` with `obc serve` using the token
    /// through `settings` (the token's own unless replaced).
    /// `maximumTLSVersion` caps the simulator's TLS (every mutual-TLS handshake is then TLS 1.2).
    static func with(
        settings: (SoftHSMToken) -> [String: String] = { $0.settings() }, maximumTLSVersion: TLSVersion? = nil,
        _ body: (TokenServer) async throws -> Void
    ) async throws {
        let token = try SoftHSMToken.make()
        defer { token.remove() }
        let wacKey = try token.generateKey(label: "obwac", id: "01")
        let sealKey = try token.generateKey(label: "obseal", id: "02")
        let pki = try basePKI.get().withTPPKeys(wac: wacKey, seal: sealKey)
        let registry = try PluginRegistrar.build(plugins: pluginList, configuration: ConfigurationValues(), logger: Logger(label: "test"))
        guard let profile = registry.bankProfiles[profileId] else { throw FixtureError(message: "no profile \(profileId)") }
        let simulator = try await SimulatedOpenBanking.start(pki: pki, profiles: [profile], maximumTLSVersion: maximumTLSVersion)
        let caFile = token.directory.appendingPathComponent("ca.pem")
        try pki.caCertificatePEM.write(to: caFile, atomically: true, encoding: .utf8)
        var environment = token.environment.merging(settings(token)) { _, new in new }
        for sandbox in ["Sandbox", "Production"] {
            environment["OpenBankingConnector__Directory__\(sandbox)__TokenUrl"] = simulator.directoryTokenURL
            environment["OpenBankingConnector__Directory__\(sandbox)__SsaBaseUrl"] = simulator.directorySSABaseURL
        }
        environment["OpenBankingConnector__Http__ExtraTrustRoots"] = caFile.path
        environment["OpenBankingConnector__Simulator__BaseUrl"] = simulator.baseURL
        environment["OpenBankingConnector__Http__TimeoutSeconds"] = "5"
        let encryptionKey = TestPKI.encryptionKey()
        TestRunRecorder.secrets([encryptionKey])
        environment["OpenBankingConnector__Keys__Encryption__Key1"] = encryptionKey
        if profile.financialId == nil {
            let key = BankProfileSetting.financialId.keys(for: profile)[0].replacingOccurrences(of: ":", with: "__")
            environment[key] = SimulatedOpenBanking.financialId(for: profile)
        }
        let serve = ["serve", "--port", "0", "--database", token.directory.appendingPathComponent("obc.sqlite").path]
        try await withAwaitedCleanup {
            try await CLIProcess.serving(serve, environment: environment) { process, base in
                try await body(TokenServer(token: token, simulator: simulator, process: process, base: base))
            }
        } cleanup: {
            await simulator.stop()
        }
    }

    /// POSTs an OBWAC certificate record whose key is `{Source: Pkcs11, Name: key}`.
    func createObWac(key: String, certificate: String? = nil) async throws -> (Int, String) {
        try await LiveHTTP.post(
            "\(base)/manage/obwac-certificates",
            ["AssociatedKey": ["Source": "Pkcs11", "Name": key], "Certificate": certificate ?? simulator.pki.obWacCertificatePEM])
    }

    /// Certificates (keys in the token), an encryption key and a software statement; its id.
    func createSoftwareStatement(wacKey: String = "obwac", sealKey: String = "id:02") async throws -> String {
        let wac = try await createObWac(key: wacKey)
        let seal = try await LiveHTTP.post(
            "\(base)/manage/obseal-certificates",
            [
                "AssociatedKeyId": simulator.tpp.obSealKeyId, "AssociatedKey": ["Source": "Pkcs11", "Name": sealKey],
                "Certificate": simulator.pki.obSealCertificatePEM,
            ])
        let key = try await LiveHTTP.post(
            "\(base)/manage/encryption-key-descriptions",
            ["Key": ["Name": "OpenBankingConnector:Keys:Encryption:Key1"], "SetAsCurrentEncryptionKey": true])
        guard wac.0 == 201, seal.0 == 201, key.0 == 201, let wacId = Self.id(wac.1), let sealId = Self.id(seal.1) else {
            throw FixtureError(message: "records were refused: \(wac) \(seal) \(key)")
        }
        let tpp = simulator.tpp
        let statement = try await LiveHTTP.post(
            "\(base)/manage/software-statements",
            [
                "OrganisationId": tpp.organisationId, "SoftwareId": tpp.softwareId, "SandboxEnvironment": true,
                "DefaultObWacCertificateId": wacId, "DefaultObSealCertificateId": sealId,
                "DefaultQueryRedirectUrl": tpp.redirectURIs[0], "DefaultFragmentRedirectUrl": tpp.redirectURIs[0],
            ])
        guard let id = Self.id(statement.1) else { throw FixtureError(message: "software statement refused: \(statement)") }
        return id
    }

    func register(statement: String) async throws -> (Int, String) {
        try await LiveHTTP.post(
            "\(base)/manage/bank-registrations", ["BankProfile": Self.profileId, "SoftwareStatementId": statement, "UseSimulatedBank": true])
    }

    static func id(_ body: String) -> String? {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])?["Id"] as? String
    }
}
