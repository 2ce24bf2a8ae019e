import OBCApp
import OBCCore
import OBCPluginAPI
import OBCTestSupport
import Testing

@Suite("Adding a key source is one folder and one line in Package.swift")
struct KeySourcePluginTests {
    @Test func aNewKeySourceServesTheAPIWithoutCoreChanges() async throws {
        let runtime = try TestRuntime()
        defer { runtime.removeFiles() }
        try await runtime.withServer(plugins: pluginList + testPluginList) { client in
            let created = try await client.send(
                .post, "/manage/encryption-key-descriptions", json: ["Key": ["Source": "TestVault", "Name": "vault/encryption-key"]],
                checkOBCDocument: false)
            #expect(created.status == .created, "\(created.text)")
            let missing = try await client.send(
                .post, "/manage/encryption-key-descriptions", json: ["Key": ["Source": "TestVault", "Name": "vault/other"]])
            #expect(missing.status == .badRequest)
            #expect((missing["detail"] as? String)?.contains("Source TestVault and Name vault/other does not exist") == true, "\(missing.text)")
            let document = try await client.send(.get, "/swagger/v1/swagger.json")
            #expect(document.text.contains("\"TestVault\""))
        }
        #expect(runtime.logs.text.contains("TestVault has no secret vault/other"))
        try await runtime.withServer { client in
            let unknown = try await client.send(
                .post, "/manage/encryption-key-descriptions", json: ["Key": ["Source": "TestVault", "Name": "vault/encryption-key"]])
            #expect(unknown.status == .badRequest)
            #expect(unknown["field"] as? String == "Key.Source")
        }
    }

    @Test func theShippedPluginListRegistersEveryKind() throws {
        let runtime = try TestRuntime()
        defer { runtime.removeFiles() }
        let registry = try runtime.makeRuntime().registry
        #expect(Set(registry.keySources.keys) == [.configuration, .awsSsmParameterStore, .googleCloudSecretManagerV1, SecretSource("Pkcs11")])
        #expect(Set(registry.dcrTranslators.keys) == [.v3p1, .v3p2, .v3p3])
        #expect(Set(registry.bankGroups.keys).isSuperset(of: ["Obie", "NatWest", "Lloyds", "Hsbc", "Nationwide", "Monzo", "Barclays"]))
        // The profile table is every group's profiles, each filed under its own group.
        let filed = registry.bankGroups.values.flatMap { group in group.profiles.map { ($0.id, group.name) } }
        #expect(Dictionary(filed) { first, _ in first }.count == filed.count, "no profile id twice")
        #expect(Set(registry.bankProfiles.keys) == Set(filed.map(\.0)))
        #expect(registry.bankProfiles.values.allSatisfy { registry.bankGroups[$0.group] != nil })
        #expect(registry.bankGroups.values.allSatisfy { !$0.profiles.isEmpty })
        #expect(registry.bankProfiles["NatWest_NatWest"]?.tokenEndpointAuthMethod == .privateKeyJwt)
        #expect(registry.bankProfiles["Nationwide_Nationwide"]?.dcrVersion == .v3p3)
    }
}
