import Foundation
import Logging
import OBCApp
import OBCCore
import OBCPluginAPI
import OBCTestSupport
import Testing

@Suite("Bank groups as modules: one folder, one line, hooks with code")
struct BankGroupModuleTests {
    /// The repository's `BankProfiles/` folder, found from this file.
    static var bankProfilesFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("BankProfiles")
    }

    /// Package.swift's `bankGroups` drives both the targets and the registration: every
    /// folder under BankProfiles/ is a registered group with the profiles of its YAML.
    @Test func everyBankProfilesFolderIsARegisteredGroup() throws {
        let registry = try PluginRegistrar.build(plugins: pluginList, configuration: .environment([:]), logger: Logger(label: "test"))
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.bankProfilesFolder.path).filter { !$0.hasPrefix(".") }
        #expect(!folders.isEmpty)
        #expect(Set(registry.bankGroups.keys) == Set(folders))
        for folder in folders {
            let yaml = try String(contentsOf: Self.bankProfilesFolder.appendingPathComponent("\(folder)/\(folder).yaml"), encoding: .utf8)
            let data = try YAMLBankGroup(yaml: yaml, configuration: .environment([:]))
            #expect(Set(registry.bankGroups[folder]?.profiles.map(\.id) ?? []) == Set(data.profiles.map(\.id)))
        }
    }

    /// A group with its own code: its hook changes the DCR claims; every other step (discovery,
    /// DCR, GET and DELETE at the bank) runs on the defaults its YAML drives.
    @Test func aGroupWithCodeRegistersReadsAndDeletesEndToEnd() async throws {
        let plugins = pluginList + testPluginList
        try await RegistrationHarness.with(plugins: plugins) { harness in
            try await harness.runtime.withServer(plugins: plugins) { client in
                let statement = try await harness.createSoftwareStatement(client)
                let created = try await harness.register(client, profile: "Example_Bank", statement: statement)
                #expect(created.status == .created, "\(created.text)")
                let grants = (created["ExternalApiResponse"] as? [String: Any])?["grant_types"] as? [String]
                #expect(grants == ["client_credentials", "authorization_code"], "the group's hook removed refresh_token")
                let id = try #require(created["Id"] as? String)
                #expect(try await client.send(.get, "/manage/bank-registrations/\(id)").status == .ok)
                #expect(harness.simulator.registrationGets("Example_Bank") == 1)
                let deleted = try await client.send(.delete, "/manage/bank-registrations/\(id)")
                #expect(deleted.status == .ok, "\(deleted.text)")
                #expect(harness.simulator.deletedClients == [created["ExternalApiId"] as? String ?? ""])

                let plain = try await harness.register(client, profile: "Obie_Model2023", statement: statement)
                let plainGrants = (plain["ExternalApiResponse"] as? [String: Any])?["grant_types"] as? [String]
                #expect(plainGrants?.contains("refresh_token") == true, "a group without the hook keeps the default")
            }
        }
    }
}
