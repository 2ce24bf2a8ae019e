import Foundation
import OBCApp
import OBCCore
import OBCPluginAPI
import OBCTestSupport
import Testing

@Suite("Bank profiles through the real server")
struct BankProfileEndpointTests {
    static let lloydsPersonalKey = "OpenBankingConnector__BankProfiles__Lloyds__LloydsPersonal__FinancialId"

    @Test func listsEveryProfileOfTheRegistryAndFiltersByGroup() async throws {
        let runtime = try TestRuntime()
        defer { runtime.removeFiles() }
        let registry = try runtime.makeRuntime().registry
        try await runtime.withServer { client in
            let all = try await client.send(.get, "/manage/bank-profiles")
            #expect(all.status == .ok)
            let data = try #require(all["Data"] as? [[String: Any]])
            #expect(Set(data.compactMap { $0["BankProfile"] as? String }) == Set(registry.bankProfiles.keys))
            #expect(data.count == registry.bankProfiles.count)

            let lloyds = try await client.send(.get, "/manage/bank-profiles?group=lloyds")
            let lloydsData = try #require(lloyds["Data"] as? [[String: Any]])
            #expect(lloydsData.count == registry.bankProfiles.values.filter { $0.group == "Lloyds" }.count)
            #expect(lloydsData.allSatisfy { $0["BankGroup"] as? String == "Lloyds" })

            let unknown = try await client.send(.get, "/manage/bank-profiles?group=Lloyd")
            #expect(unknown.status == .badRequest)
            #expect(unknown["field"] as? String == "group")
            #expect((unknown["detail"] as? String)?.contains("Lloyds") == true)
        }
    }

    /// OBC's Lloyds profiles read FinancialId from the brand keys; an OBC configuration works unchanged.
    @Test func showsEffectiveValuesWhereEachComesFromAndWhatIsMissing() async throws {
        let runtime = try TestRuntime(environment: [Self.lloydsPersonalKey: "0015800000jfQ9aAAE"])
        defer { runtime.removeFiles() }
        try await runtime.withServer { client in
            let business = try await client.send(.get, "/manage/bank-profiles/Lloyds_LloydsBusiness")
            #expect(business.status == .ok)
            #expect(business["FinancialId"] as? String == "0015800000jfQ9aAAE")
            #expect((business["MissingSettings"] as? [String])?.isEmpty == true)
            let settings = try #require(business["Settings"] as? [[String: Any]])
            let financialId = try #require(settings.first { $0["Name"] as? String == "FinancialId" })
            #expect(financialId["Source"] as? String == "Configuration")
            #expect(financialId["ConfigurationKey"] as? String == "OpenBankingConnector:BankProfiles:Lloyds:LloydsPersonal:FinancialId")

            let halifax = try await client.send(.get, "/manage/bank-profiles/Lloyds_HalifaxPersonal")
            #expect(halifax["MissingSettings"] as? [String] == ["FinancialId"])
            let halifaxSettings = try #require(halifax["Settings"] as? [[String: Any]])
            let missing = try #require(halifaxSettings.first { $0["Name"] as? String == "FinancialId" })
            #expect(missing["Source"] as? String == "Unset")
            #expect(
                missing["ConfigurationKeys"] as? [String] == [
                    "OpenBankingConnector:BankProfiles:Lloyds:BankOfScotlandPersonal:FinancialId",
                    "OpenBankingConnector:BankProfiles:Lloyds:Default:FinancialId",
                ])
            #expect(!halifax.text.lowercased().contains("secret"))
        }
    }

    @Test func unknownProfilesNameTheClosestIds() async throws {
        let runtime = try TestRuntime()
        defer { runtime.removeFiles() }
        try await runtime.withServer { client in
            let missing = try await client.send(.get, "/manage/bank-profiles/Lloyds_LloydPersonal")
            #expect(missing.status == .notFound)
            #expect((missing["detail"] as? String)?.contains("Closest: Lloyds_LloydsPersonal") == true, "\(missing.text)")

            let registration = try await client.send(
                .post, "/manage/bank-registrations",
                json: ["BankProfile": "hsbc_ukpersonl", "SoftwareStatementId": UUID().uuidString.lowercased()])
            #expect(registration.status == .badRequest)
            #expect(registration["field"] as? String == "BankProfile")
            let detail = try #require(registration["detail"] as? String)
            #expect(detail.contains("Hsbc_UkPersonal"), "\(detail)")
            #expect(!detail.contains("bank groups"))
        }
    }

    @Test func theOpenAPIDocumentDescribesBothOperations() async throws {
        let runtime = try TestRuntime()
        defer { runtime.removeFiles() }
        try await runtime.withServer { client in
            let document = try await client.send(.get, "/swagger/v1/swagger.json")
            let paths = try #require(document["paths"] as? [String: Any])
            let list = try #require((paths["/manage/bank-profiles"] as? [String: Any])?["get"] as? [String: Any])
            #expect((list["parameters"] as? [[String: Any]])?.first?["name"] as? String == "group")
            let item = try #require((paths["/manage/bank-profiles/{bankProfile}"] as? [String: Any])?["get"] as? [String: Any])
            #expect((item["responses"] as? [String: Any])?["404"] != nil)
            let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
            #expect(schemas["BankProfileResponse"] != nil)
        }
    }

    /// The `BankGroup` enum is the registry's groups, in OBC's order: a test-only group is
    /// served, and a group this build leaves out is not.
    @Test func theBankGroupEnumIsTheRegistrysGroups() async throws {
        let runtime = try TestRuntime()
        defer { runtime.removeFiles() }
        let plugins = pluginList.filter { String(reflecting: $0) != "BankProfileZopa.ZopaBankGroup" } + testPluginList
        #expect(plugins.count == pluginList.count + testPluginList.count - 1, "the shipped list registers Zopa; this server leaves it out")
        try await runtime.withServer(plugins: plugins) { client in
            let document = try await client.send(.get, "/swagger/v1/swagger.json")
            let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
            let groups = try #require((schemas["BankGroup"] as? [String: Any])?["enum"] as? [String])
            #expect(groups.contains("Example"), "\(groups)")
            #expect(!groups.contains("Zopa"), "\(groups)")
            #expect(groups.contains("Obie") && groups.contains("Monzo"))
            #expect(groups == groups.sorted { $0.lowercased() < $1.lowercased() }, "OBC's order: by name, ignoring case")
        }
    }
}
