import Foundation
import OBCTestSupport
import Testing

/// Issue 9 item 12: configuration mistakes are loud.
@Suite("configuration checks through the real CLI")
struct ConfigurationCheckTests {
    func folderWithConfig(_ yaml: String) throws -> (URL, String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("obc-conf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let config = directory.appendingPathComponent("obc.yaml")
        try yaml.write(to: config, atomically: true, encoding: .utf8)
        return (directory, config.path)
    }

    @Test func unknownSettingsAreWarnedAboutWithTheClosestKnownName() async throws {
        let (directory, config) = try folderWithConfig(
            """
            OpenBankingConnector:
              Databse:
                Path: obc.sqlite
              Http:
                TimeoutSecs: 5
              Server:
                Port: 0
              Keys:
                Encryption:
                  Key1: "not checked: keys are open-ended"
              BankProfiles:
                NatWest:
                  NatWest:
                    FinancialId: "also open-ended"
            """)
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try CLIProcess(
            ["serve", "--config", config, "--database", directory.appendingPathComponent("obc.sqlite").path],
            environment: ["OpenBankingConnector__Swager__AssetsDirectory": directory.path])
        _ = try await server.listeningPort()
        server.signal(SIGTERM)
        #expect(try await server.waitForExit() == 0)
        let output = server.text
        #expect(output.contains("OpenBankingConnector:Databse:Path is ignored; did you mean OpenBankingConnector:Database:Path?"), "\(output)")
        #expect(output.contains("OpenBankingConnector:Http:TimeoutSecs is ignored; did you mean OpenBankingConnector:Http:TimeoutSeconds?"))
        #expect(output.contains("did you mean OpenBankingConnector:Swagger:AssetsDirectory?"))
        #expect(!output.contains("Keys:Encryption:Key1 is ignored"))
        #expect(!output.contains("FinancialId is ignored"))
        #expect(!output.contains("Server:Port is ignored"))
    }

    @Test(arguments: [
        ("OpenBankingConnector:Simulator:BaseUrl", "htps//sim.example"),
        ("OpenBankingConnector:Directory:Sandbox:TokenUrl", "not a url"),
        ("OpenBankingConnector:BankProfiles:NatWest:NatWest:IssuerUrl", "/relative/only"),
    ])
    func malformedURLSettingsAreRefusedAtStartUp(key: String, value: String) async throws {
        let (directory, _) = try folderWithConfig("OpenBankingConnector: {}\n")
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try CLIProcess(
            ["serve", "--port", "0", "--database", directory.appendingPathComponent("obc.sqlite").path],
            environment: [key.replacingOccurrences(of: ":", with: "__"): value])
        let status = try await server.waitForExit()
        #expect(status == 78, "\(server.text)")
        #expect(server.text.contains(key) && server.text.contains("not an absolute http"))
        #expect(!server.text.contains("listening on"))
    }

    @Test(arguments: [("", "is empty"), ("# only a comment\n", "is empty"), ("- a\n- b\n", "not a mapping"), ("just text\n", "not a mapping")])
    func emptyOrNonMappingFilesAreRefused(yaml: String, message: String) async throws {
        let (directory, config) = try folderWithConfig(yaml)
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try await CLIProcess.run(["serve", "--port", "0", "--config", config])
        #expect(result.status == 78, "\(result.output)")
        #expect(result.output.contains(config) && result.output.contains(message), "\(result.output)")
    }
}
