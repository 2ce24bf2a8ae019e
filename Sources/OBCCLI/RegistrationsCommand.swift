import ArgumentParser
import Foundation
import OBCApp
import OBCCore
import OBCHTTP

/// `obc registrations …`: the stored bank registrations, over the same core services as
/// `GET /manage/bank-registrations` and `GET /manage/interrupted-registrations`.
struct RegistrationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registrations",
        abstract:
            "List the stored bank registrations and those interrupted by their process's death; update a software statement's clients at their banks.",
        discussion: "Exit codes: 0 success, 65 invalid input, 69 database unavailable, 78 configuration problem.",
        subcommands: [List.self, Interrupted.self, Update.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List bank registrations (all, or by software statement, bank profile or bank group), in id order.")

        @Option(name: .customLong("software-statement"), help: "Only this software statement's registrations.")
        var softwareStatement: String?

        @Option(help: "Only this bank profile's registrations (for example Obie_Model2023).")
        var bankProfile: String?

        @Option(help: "Only this bank group's registrations (for example Lloyds).")
        var bankGroup: String?

        @Flag(help: "Print JSON instead of a table.")
        var json = false

        @OptionGroup var runtimeOptions: RuntimeOptions

        func run() async throws {
            try await reportingErrors {
                let filter = try BankRegistrationFilter(softwareStatementIdText: softwareStatement, bankProfile: bankProfile, bankGroup: bankGroup)
                let registrations = try await runtimeOptions.withRuntime { runtime in
                    try await runtime.services.estate.bankRegistrations(filter)
                }
                try show(registrations)
            }
        }

        func show(_ standings: [RegistrationStanding]) throws {
            if json { return try JSONOutput.print(encodable: standings.map(BankRegistrationListItem.init)) }
            var table = TextTable(["ID", "BANK PROFILE", "GROUP", "SCOPE", "SOFTWARE STATEMENT", "CREATED", "STATEMENT"])
            for standing in standings {
                let registration = standing.registration
                table.append([
                    registration.id.lowercasedText, registration.bankProfile, registration.bankGroup, registration.registrationScope.name,
                    registration.softwareStatementId.lowercasedText, JSONOutput.date(registration.metadata.created),
                    standing.behindSoftwareStatement ? "behind" : "current",
                ])
            }
            Swift.print(table.text)
        }
    }
}
