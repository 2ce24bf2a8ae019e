import ArgumentParser
import Foundation
import OBCApp
import OBCCore
import OBCPluginAPI

/// `obc certificates …`: the stored OBWAC and OBSeal certificates and when they expire, over
/// the same core service as `GET /manage/obwac-certificates` and `/manage/obseal-certificates`.
struct CertificatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certificates",
        abstract: "List the stored OBWAC and OBSeal certificates and check when they expire.",
        discussion: "Exit codes: 0 success, 1 (check) something expires within the window, 65 invalid input, 78 configuration or database problem.",
        subcommands: [List.self, Check.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every certificate: kind, id, earliest expiry of its chain, days left, dependants and subject.")

        @Flag(help: "Print JSON instead of a table.")
        var json = false

        @OptionGroup var runtimeOptions: RuntimeOptions

        func run() async throws {
            try await reportingErrors {
                try await runtimeOptions.withRuntime { runtime in
                    try CertificateText.print(try await runtime.services.estate.certificates(), json: json)
                }
            }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Exit 1 when a certificate (or a member of its chain) expires within the window, listing each; 0 when none does.")

        @Option(help: "The window: days as `30d` (or `30`), or hours as `12h`.")
        var within = "30d"

        @Flag(help: "Print JSON instead of a table.")
        var json = false

        @OptionGroup var runtimeOptions: RuntimeOptions

        func run() async throws {
            try await reportingErrors {
                let window = try Self.window(within)
                let expiring = try await runtimeOptions.withRuntime { runtime in
                    try await runtime.services.expiryWatch.expiring(within: window)
                }
                if expiring.isEmpty {
                    if json { try JSONOutput.print([[String: Any]]()) } else { print("No certificate expires within \(within).") }
                    return
                }
                try CertificateText.print(expiring, json: json)
                printError("\(expiring.count) certificate\(expiring.count == 1 ? "" : "s") expire\(expiring.count == 1 ? "s" : "") within \(within).")
                throw ExitCode(CLIExit.somethingExpires)
            }
        }

        static func window(_ text: String) throws(OBCError) -> TimeInterval {
            let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
            let unit: TimeInterval = trimmed.hasSuffix("h") ? 3600 : 86_400
            let number = trimmed.hasSuffix("h") || trimmed.hasSuffix("d") ? String(trimmed.dropLast()) : trimmed
            guard let value = Int(number), value >= 0, value <= 36_500 else {
                throw .invalid("--within", "'\(text)' is not a window such as 30d or 12h.")
            }
            return TimeInterval(value) * unit
        }
    }
}
