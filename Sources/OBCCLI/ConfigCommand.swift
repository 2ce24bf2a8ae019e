import ArgumentParser
import OBCApp

/// `obc config …`: the settings the product reads, as a reference or as a file to start from.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the configuration reference (markdown) or a commented example obc.yaml.",
        subcommands: [Reference.self, Example.self]
    )

    /// The command-line options that set a setting (`obc serve`'s, and `--database` on every command).
    static let flags = [
        AppSettings.databasePathKey: "--database", AppSettings.hostKey: "--host", AppSettings.portKey: "--port",
        AppSettings.logLevelKey: "--log-level", AppSettings.logFormatKey: "--log-format",
    ]

    struct Reference: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print every setting with its type, default and environment-variable form, as markdown (docs/configuration.md).")

        func run() {
            print(ConfigurationReference.markdown(flags: ConfigCommand.flags), terminator: "")
        }
    }

    struct Example: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a commented obc.yaml with every setting at its default, which obc serve --config accepts unchanged.")

        func run() {
            print(ConfigurationExample.yaml(), terminator: "")
        }
    }
}
