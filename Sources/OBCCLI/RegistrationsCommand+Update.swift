import ArgumentParser
import Foundation
import OBCApp
import OBCCore
import OBCHTTP
import OBCPluginAPI

/// `obc registrations update --software-statement ID`: bulk renewal over `RenewalService`, the
/// core service `POST /manage/software-statements/{id}/renewals` uses.
extension RegistrationsCommand {
    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Update at its bank every client of a software statement that is behind it (PUT /register/{ClientId}).",
            discussion: """
                Run after the software statement's certificates or redirect URLs changed (PUT /manage/software-statements/{id}). \
                Each bank client (shared by the registrations of a registration group) is updated once; a failure does not stop \
                the run. A re-run, after a failure or a kill, updates only the clients still behind. Exit codes: 0 every client \
                updated or up to date (or not supported by its bank), 1 some client failed, 65 invalid input (no such software \
                statement included), 78 configuration problem or database unavailable.
                """)

        @Option(name: .customLong("software-statement"), help: "The software statement whose clients to update.")
        var softwareStatement: String

        @Flag(help: "Only list what would be sent to which bank, and what cannot be updated and why.")
        var dryRun = false

        @Flag(help: "Print JSON, as POST /manage/software-statements/{id}/renewals answers.")
        var json = false

        @OptionGroup var runtimeOptions: RuntimeOptions

        func run() async throws {
            var failed = false
            try await reportingErrors {
                guard let id = UUID(text: softwareStatement.trimmingCharacters(in: .whitespaces)) else {
                    throw OBCError.invalid("software-statement", "'\(softwareStatement.prefix(40))' is not a software statement id.")
                }
                let report = try await runtimeOptions.withRuntime { runtime -> RenewalReport in
                    if dryRun { return try await runtime.services.renewals.plan(softwareStatementId: id) }
                    let progress = json ? nil : RenewalProgress()
                    defer { progress?.finish() }
                    return try await runtime.services.renewals.run(softwareStatementId: id) { progress?.report($0) }
                }
                failed = report.hasFailures
                if json { return try JSONOutput.print(encodable: RenewalResponse(report)) }
                Swift.print(RenewalText.table(report))
                Swift.print(RenewalText.summary(report))
            }
            if failed { throw ExitCode(CLIExit.clientsFailed) }
        }
    }
}

/// The renewal's table and summary line, for a terminal.
enum RenewalText {
    static func table(_ report: RenewalReport) -> String {
        var table = TextTable(["BANK PROFILE", "CLIENT", "REGISTRATIONS", "STATUS", report.dryRun ? "REQUEST OR REASON" : "DETAIL"])
        for item in report.items {
            let detail = item.detail ?? (report.dryRun && item.status == .wouldUpdate ? item.request ?? "" : "")
            table.append([item.bankProfile, item.externalApiId, "\(item.registrationIds.count)", item.status.rawValue, detail])
        }
        return table.text
    }

    static func summary(_ report: RenewalReport) -> String {
        let id = report.softwareStatementId.lowercasedText
        if report.dryRun {
            return
                "Dry run for software statement \(id): would update \(report.count(.wouldUpdate)), not supported \(report.count(.notSupported)), up to date \(report.count(.upToDate)). Nothing was sent."
        }
        return
            "Software statement \(id): updated \(report.count(.updated)), not supported \(report.count(.notSupported)), failed \(report.count(.failed)), up to date \(report.count(.upToDate))."
    }
}
