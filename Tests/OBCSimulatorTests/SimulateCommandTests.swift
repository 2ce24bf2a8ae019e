import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL
import OBCCore
import OBCPluginAPI
import OBCSimulator
import OBCTestSupport
import Testing

@Suite("obc simulate as a real process")
struct SimulateCommandTests {
    func listeningPort(of process: CLIProcess) async throws -> Int {
        try await process.waitForOutput(containing: "obc simulate: listening on", timeout: 120)
        let line = process.text.split(separator: "\n").first { $0.contains("obc simulate: listening on") } ?? ""
        return try #require(line.split(separator: ":").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) })
    }

    func tppLine(_ process: CLIProcess) -> String? {
        process.text.split(separator: "\n").first { $0.hasPrefix("TPP: ") }.map(String.init)
    }

    /// GET with mutual TLS using the certificates the command wrote.
    func get(_ url: String, pki: SimulatorPKI) async throws -> (Int, String) {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(pki.caCertificatePEM.utf8)))
        tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(Array(pki.obWacCertificatePEM.utf8)).map { .certificate($0) }
        tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(pki.obWacKeyPEM.utf8), format: .pem))
        var request = HTTPClientRequest(url: url)
        request.tlsConfiguration = tls
        let response = try await SimulatorFixture.client.execute(request, timeout: .seconds(30))
        return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 20)))
    }

    @Test("--write-config writes parseable files, serves them, stops on SIGINT and reuses the material on restart")
    func writeConfigAndServe() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("obc-simulate-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let process = try CLIProcess(["simulate", "--port", "0", "--write-config", directory.path])
        let port = try await listeningPort(of: process)
        let base = "https://127.0.0.1:\(port)"

        for name in ["ca.pem", "obwac.pem", "obwac-key.pem", "obseal.pem", "obseal-key.pem", "obc.yaml", "NEXT-STEPS.md"] {
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path), "\(name)")
        }
        let config = try ConfigurationValues.yamlFile(at: directory.appendingPathComponent("obc.yaml").path)
        for environment in ["Sandbox", "Production"] {
            #expect(config["OpenBankingConnector:Directory:\(environment):TokenUrl"] == base + "/directory/as/token.oauth2")
            #expect(config["OpenBankingConnector:Directory:\(environment):SsaBaseUrl"] == base + "/directory")
        }
        #expect(config["OpenBankingConnector:Http:ExtraTrustRoots"] == directory.appendingPathComponent("ca.pem").path)
        #expect(config["OpenBankingConnector:Simulator:BaseUrl"] == base)
        let pki = try #require(try SimulatorPKI.load(from: directory))
        #expect(
            config["OpenBankingConnector:Keys:ObWac"]?.trimmingCharacters(in: .whitespacesAndNewlines)
                == pki.obWacKeyPEM.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(config["OpenBankingConnector:Keys:ObSeal"]?.contains("PRIVATE KEY") == true)
        #expect(config["OpenBankingConnector:Keys:Encryption:Key1"].flatMap { Data(base64Encoded: $0) }?.count == 32)
        #expect(config["OpenBankingConnector:BankProfiles:Hsbc:Sandbox:IssuerUrl"] == base + "/banks/Hsbc_Sandbox")
        #expect(config["OpenBankingConnector:BankProfiles:Hsbc:Sandbox:FinancialId"]?.count == 18)
        #expect(config["OpenBankingConnector:BankProfiles:Monzo:Monzo:FinancialId"] != nil)
        #expect(config["OpenBankingConnector:BankProfiles:Monzo:Monzo:IssuerUrl"] == nil)
        #expect(config["OpenBankingConnector:BankProfiles:NatWest:NatWest:FinancialId"] == nil)

        let tpp = try pki.tpp()
        let nextSteps = try String(contentsOf: directory.appendingPathComponent("NEXT-STEPS.md"), encoding: .utf8)
        #expect(nextSteps.contains("obc serve --config"))
        #expect(nextSteps.contains(tpp.organisationId) && nextSteps.contains(tpp.softwareId) && nextSteps.contains(tpp.obSealKeyId))
        #expect(nextSteps.contains(#""BankProfile":"NatWest_NatWest""#))
        #expect(nextSteps.contains("OpenBankingConnector:Keys:ObWac") && nextSteps.contains("OpenBankingConnector:Keys:ObSeal"))
        #expect(!nextSteps.contains("PRIVATE KEY"))
        #expect(nextSteps.contains("--database '\(directory.appendingPathComponent("obc.sqlite").path)'"))
        let shell = try String(contentsOf: directory.appendingPathComponent("tpp.env"), encoding: .utf8)
        #expect(shell.contains("SIM_FRAGMENT_REDIRECT_URL='\(tpp.redirectURIs[0])'"))
        #expect(shell.contains("SIM_QUERY_REDIRECT_URL='\(tpp.redirectURIs[1])'"))
        #expect(tpp.redirectURIs[0].contains("fragment") && tpp.redirectURIs[1].contains("query"))
        #expect(process.text.contains("tpp.env, certificates and NEXT-STEPS.md"))
        #expect(process.text.contains("source \(directory.appendingPathComponent("tpp.env").path)"))

        let (status, body) = try await get(base + "/simulator/state", pki: pki)
        #expect(status == 200)
        #expect(body.contains("registrationPosts"))
        let (discoveryStatus, discovery) = try await get(base + "/banks/NatWest_NatWest/.well-known/openid-configuration", pki: pki)
        #expect(discoveryStatus == 200)
        #expect(discovery.contains(base + "/banks/NatWest_NatWest/register"))
        let firstTPP = tppLine(process)
        #expect(process.text.contains(tpp.softwareId))

        process.signal(SIGINT)
        #expect(try await process.waitForExit() == 0)
        #expect(process.text.contains("tpp.env and the certificates stay in \(directory.path)"))

        let caBefore = pki.caCertificatePEM
        let restarted = try CLIProcess(["simulate", "--port", "0", "--write-config", directory.path])
        _ = try await listeningPort(of: restarted)
        #expect(tppLine(restarted) == firstTPP)
        #expect(try SimulatorPKI.load(from: directory)?.caCertificatePEM == caBefore)
        let restartedConfig = try ConfigurationValues.yamlFile(at: directory.appendingPathComponent("obc.yaml").path)
        #expect(restartedConfig["OpenBankingConnector:Keys:Encryption:Key1"] == config["OpenBankingConnector:Keys:Encryption:Key1"])
        restarted.signal(SIGTERM)
        #expect(try await restarted.waitForExit() == 0)
    }

    @Test func helpMentionsTppEnv() async throws {
        let (status, output) = try await CLIProcess.run(["simulate", "--help"])
        #expect(status == 0)
        #expect(output.contains("tpp.env"))
    }
}
