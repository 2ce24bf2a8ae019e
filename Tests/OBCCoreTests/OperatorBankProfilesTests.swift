import Foundation
import Logging
import OBCCore
import OBCPluginAPI
import Testing

@Suite("Operator-added bank profiles: start-up validation")
struct OperatorBankProfilesTests {
    static func folder(_ files: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("obc-operator-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return url
    }

    static let valid = """
        group: BuildingSociety
        defaults:
          financialId: 0015800000SOCIETY
          dcrVersion: Version3p3
          useRegistrationEndpoint: true
          useRegistrationGetEndpoint: true
          useRegistrationDeleteEndpoint: false
          useRegistrationAccessToken: false
          tokenEndpointAuthMethod: private_key_jwt
        profiles:
        - id: BuildingSociety_Personal
          bank: Personal
          issuerUrl: https://ob.society.example
        - id: BuildingSociety_Business
          bank: Business
          useRegistrationDeleteEndpoint: true
          quirks:
            clientIdIssuedAtInMilliseconds: true
        """

    static func registry(_ folder: URL?, extra: [String: String] = [:]) throws -> PluginRegistry {
        var values = extra
        if let folder { values[OperatorBankProfiles.directoryKey] = folder.path }
        return try PluginRegistrar.build(plugins: [], configuration: ConfigurationValues(values), logger: Logger(label: "test"))
    }

    @Test func aFolderOfYAMLBecomesGroupsWithDefaultsOverridesAndConfiguration() throws {
        let folder = try Self.folder(["society.yaml": Self.valid, "notes.txt": "not a profile"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let registry = try Self.registry(
            folder, extra: ["OpenBankingConnector:BankProfiles:BuildingSociety:Business:IssuerUrl": "https://business.society.example"])
        let personal = try #require(registry.bankProfiles["BuildingSociety_Personal"])
        let business = try #require(registry.bankProfiles["BuildingSociety_Business"])
        #expect(personal.dcrVersion == .v3p3)
        #expect(personal.tokenEndpointAuthMethod == .privateKeyJwt)
        #expect(!personal.useRegistrationDeleteEndpoint)
        #expect(business.useRegistrationDeleteEndpoint)
        #expect(
            business.quirks[BankDifferences.ClientIdIssuedAtInMilliseconds.self]
                && !personal.quirks[BankDifferences.ClientIdIssuedAtInMilliseconds.self])
        #expect(business.issuerUrl == "https://business.society.example")
        #expect(registry.bankGroups["BuildingSociety"]?.profiles.count == 2)
    }

    @Test func noSettingMeansNoOperatorProfiles() throws {
        #expect(try Self.registry(nil).bankProfiles.isEmpty)
    }

    @Test(arguments: [
        ("  useRegistrationGetEndpont: true\n", "line 14", "unknown field 'useRegistrationGetEndpont'"),
        ("  tokenEndpointAuthMethod: carrier_pigeon\n", "line 14", "tokenEndpointAuthMethod"),
        ("  quirks:\n    scopeAsArray: true\n", "line 15", "unknown quirk 'scopeAsArray'"),
    ])
    func errorsNameTheFileTheLineAndTheField(addition: String, line: String, field: String) throws {
        let text = Self.valid.replacingOccurrences(
            of: "  issuerUrl: https://ob.society.example\n", with: "  issuerUrl: https://ob.society.example\n" + addition)
        let folder = try Self.folder(["bad.yaml": text])
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            _ = try Self.registry(folder)
            Issue.record("a bad profile file was accepted")
        } catch let error as OBCError {
            #expect(error.kind == .misconfigured)
            #expect(error.detail.contains(folder.appendingPathComponent("bad.yaml").path), "\(error.detail)")
            #expect(error.detail.contains(line), "\(error.detail)")
            #expect(error.detail.contains(field), "\(error.detail)")
        }
    }

    @Test func aProfileIdTwiceIsRefusedNamingBothGroups() throws {
        let other = Self.valid.replacingOccurrences(of: "group: BuildingSociety", with: "group: Another")
        let folder = try Self.folder(["a.yaml": Self.valid, "b.yaml": other])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: OBCError.self) { try Self.registry(folder) }
    }
}
