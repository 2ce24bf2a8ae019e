import ArgumentParser
import Foundation
import Logging
import OBCApp
import OBCCore
import OBCHTTP
import OBCPluginAPI

/// `obc bank-profiles …`: the bank profiles of this build and the operator's folder, with
/// the settings each still needs. Reads configuration only; opens no database.
struct BankProfilesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bank-profiles",
        abstract: "List bank profiles and show one profile's effective settings.",
        discussion: "Exit codes: 0 success, 65 unknown profile or group, 78 configuration problem.",
        subcommands: [List.self, Show.self]
    )

    static func catalog(_ options: RuntimeOptions) throws -> BankProfileCatalog {
        let settings = try options.settings()
        let registry = try PluginRegistrar.build(plugins: pluginList, configuration: settings.values, logger: Logger(label: "obc"))
        return BankProfileCatalog(registry: registry, configuration: settings.values)
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List profiles: id, group, DCR version, token auth method, settings still missing.")

        @Option(help: "Only this bank group's profiles.")
        var group: String?

        @Flag(help: "Print JSON, as GET /manage/bank-profiles answers.")
        var json = false

        @OptionGroup var runtimeOptions: RuntimeOptions

        func run() async throws {
            try await reportingErrors {
                let list = try BankProfilesCommand.catalog(runtimeOptions).list(group: group)
                if json { return try JSONOutput.print(encodable: BankProfilesResponse(list)) }
                let widths = [list.map(\.profile.id.count).max() ?? 10, 12, 10, 19]
                func row(_ cells: [String]) -> String {
                    zip(cells, widths + [0]).map { $0.padding(toLength: max($1, $0.count), withPad: " ", startingAt: 0) }
                        .joined(separator: "  ")
                }
                print(row(["PROFILE", "GROUP", "DCR", "TOKEN AUTH", "MISSING"]))
                for details in list {
                    let profile = details.profile
                    let dcr = profile.useRegistrationEndpoint ? profile.dcrVersion.rawValue : "none"
                    let missing = details.missing.map(\.name).joined(separator: ",")
                    print(row([profile.id, profile.group, dcr, profile.tokenEndpointAuthMethod.rawValue, missing.isEmpty ? "-" : missing]))
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a profile's effective values after configuration, which required values are missing and the key that sets each.")

        @Argument(help: "The profile id, for example Lloyds_LloydsPersonal.")
        var id: String

        @Flag(help: "Print JSON, as GET /manage/bank-profiles/{bankProfile} answers.")
        var json = false

        @OptionGroup var runtimeOptions: RuntimeOptions

        func run() async throws {
            try await reportingErrors {
                let catalog = try BankProfilesCommand.catalog(runtimeOptions)
                let details = try catalog.details(of: id)
                if json { return try JSONOutput.print(encodable: BankProfileResponse(details)) }
                BankProfileText.print(details)
            }
        }
    }
}
