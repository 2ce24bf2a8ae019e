import Foundation
import Logging
import OBCApp
import OBCCore
import OBCPluginAPI
import OBCTestSupport
import Testing

@Suite("obc bank-profiles as a real process")
struct BankProfilesCommandTests {
    static func registry(_ environment: [String: String] = [:]) throws -> PluginRegistry {
        try PluginRegistrar.build(plugins: pluginList, configuration: ConfigurationValues(environment), logger: Logger(label: "test"))
    }

    @Test func listAsJSONIsTheRegistrysProfilesOfTheGroup() async throws {
        let result = try await CLIProcess.run(["bank-profiles", "list", "--group", "Hsbc", "--json"])
        #expect(result.status == 0, "\(result.output)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let ids = try #require(object["Data"] as? [[String: Any]]).compactMap { $0["BankProfile"] as? String }
        let expected = try Self.registry().bankProfiles.values.filter { $0.group == "Hsbc" }.map(\.id)
        #expect(ids == expected.sorted())
        #expect(!ids.isEmpty)
    }

    @Test func listAsTextHasOneLinePerProfileAndNamesMissingSettings() async throws {
        let result = try await CLIProcess.run(["bank-profiles", "list"])
        #expect(result.status == 0, "\(result.output)")
        let lines = result.output.split(separator: "\n")
        #expect(lines.count == 1 + (try Self.registry().bankProfiles.count))
        let sandbox = try #require(lines.first { $0.hasPrefix("Hsbc_Sandbox ") })
        #expect(sandbox.contains("IssuerUrl"))
    }

    @Test func showPrintsEffectiveValuesAndTheKeyThatSetsEachMissingOne() async throws {
        let key = "OpenBankingConnector__BankProfiles__Lloyds__BankOfScotlandPersonal__FinancialId"
        let configured = try await CLIProcess.run(["bank-profiles", "show", "Lloyds_HalifaxPersonal"], environment: [key: "0015800000jfAW1AAM"])
        #expect(configured.status == 0, "\(configured.output)")
        #expect(
            configured.output.contains(
                "FinancialId = 0015800000jfAW1AAM  (from configuration OpenBankingConnector:BankProfiles:Lloyds:BankOfScotlandPersonal:FinancialId)"
            ), "\(configured.output)")
        #expect(configured.output.contains("Nothing required is missing."))

        let bare = try await CLIProcess.run(["bank-profiles", "show", "Hsbc_Sandbox"])
        #expect(bare.status == 0)
        #expect(bare.output.contains("IssuerUrl = -  (MISSING (required))"), "\(bare.output)")
        #expect(bare.output.contains("set OpenBankingConnector:BankProfiles:Hsbc:Sandbox:IssuerUrl"))
    }

    @Test func theRegistrationPutSettingIsShownAndABadValueIsRefusedNamingItsKey() async throws {
        let key = "OpenBankingConnector__BankProfiles__Obie__Model2023__UseRegistrationPutEndpoint"
        let on = try await CLIProcess.run(["bank-profiles", "show", "Obie_Model2023"], environment: [key: "TRUE"])
        #expect(on.status == 0, "\(on.output)")
        #expect(
            on.output.contains(
                "UseRegistrationPutEndpoint = true  (from configuration OpenBankingConnector:BankProfiles:Obie:Model2023:UseRegistrationPutEndpoint)"),
            "\(on.output)")
        let bad = try await CLIProcess.run(["bank-profiles", "show", "Obie_Model2023"], environment: [key: "yes"])
        #expect(bad.status != 0)
        let named = "OpenBankingConnector:BankProfiles:Obie:Model2023:UseRegistrationPutEndpoint must be true or false, not 'yes'"
        #expect(bad.output.contains(named), "\(bad.output)")
    }

    @Test func anUnknownProfileExits65NamingTheClosest() async throws {
        let result = try await CLIProcess.run(["bank-profiles", "show", "Monzo_Monz"])
        #expect(result.status == 65)
        #expect(result.output.contains("Closest: Monzo_Monzo"), "\(result.output)")
    }
}
