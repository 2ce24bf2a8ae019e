import ArgumentParser
import Crypto
import Foundation
import OBCApp
import OBCCore

/// `obc keys …`: encryption keys for secrets at rest, over the same services as the API.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Manage the AES-256 keys that encrypt secrets at rest, and rotate to a new key.",
        discussion: "Exit codes: 0 success, 1 some objects failed, 65 invalid input, 78 configuration or database problem.",
        subcommands: [Generate.self, Add.self, SetCurrent.self, List.self, Rotate.self, Verify.self]
    )

    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a fresh random base64 256-bit key (stdout) and how to supply it (stderr).")

        @Option(help: "Name to suggest for the key in configuration.")
        var name = "Key1"

        func run() async throws {
            let key = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
            print(key)
            let configurationName = "OpenBankingConnector:Keys:Encryption:\(name)"
            printError(
                """
                Supply it to every obc process through the Configuration source, for example:
                  export \(configurationName.replacingOccurrences(of: ":", with: "__"))='<the key above>'
                or in the YAML config file under OpenBankingConnector: Keys: Encryption: \(name).
                Then register it:  obc keys add --source Configuration --name \(configurationName) --set-current
                """)
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a key held in a key source; prints its id.")

        @Option(help: "Key source (Configuration, AwsSsmParameterStore, …).")
        var source = "Configuration"

        @Option(help: "The secret's name in that source.")
        var name: String

        @Flag(help: "Make it the key new secrets are encrypted with.")
        var setCurrent = false

        @OptionGroup var runtimeOptions: RuntimeOptions

        func run() async throws {
            try await reportingErrors {
                let runtime = try OBCRuntime(settings: runtimeOptions.settings())
                let record = try await runtime.services.encryptionKeyDescriptions.create(
                    .init(key: SecretDescription(source: SecretSource(source), name: name), setAsCurrent: setCurrent))
                print(record.id.lowercasedText)
            }
        }
    }

    struct SetCurrent: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-current", abstract: "Make an existing key the current one.")

        @Argument(help: "The key description id.")
        var id: String

        @OptionGroup var runtimeOptions: RuntimeOptions

        func run() async throws {
            try await reportingErrors {
                guard let uuid = UUID(uuidString: id) else { throw OBCError.invalid("id", "'\(id)' is not a UUID.") }
                let runtime = try OBCRuntime(settings: runtimeOptions.settings())
                try await runtime.services.encryptionKeyDescriptions.setCurrent(id: uuid)
                print("Current encryption key: \(uuid.lowercasedText)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys: id, source, name, current, objects encrypted.")

        @OptionGroup var runtimeOptions: RuntimeOptions

        func run() async throws {
            try await reportingErrors {
                let runtime = try OBCRuntime(settings: runtimeOptions.settings())
                let usage = try await runtime.services.keyRotation.usage()
                print(["ID".padding(36), "CURRENT", "OBJECTS".padding(10), "SOURCE".padding(22), "NAME"].joined(separator: "  "))
                for key in usage {
                    print(
                        [
                            key.description.id.lowercasedText, (key.isCurrent ? "*" : "").padding(7),
                            String(key.objectCount).padding(10), key.description.key.source.rawValue.padding(22), key.description.key.name,
                        ].joined(separator: "  "))
                }
            }
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-encrypt every object not under the current key. Safe to interrupt and re-run, and to run while serving.")

        @Option(help: "Objects per transaction.")
        var batchSize = 100_000

        @OptionGroup var runtimeOptions: RuntimeOptions

        func run() async throws {
            try await reportingErrors {
                let runtime = try OBCRuntime(settings: runtimeOptions.settings())
                let reporter = ProgressReporter(label: "rotating")
                let summary = try await runtime.services.keyRotation.rotate(batchSize: batchSize) { reporter.report($0) }
                reporter.finish()
                for failure in summary.failures { printError("failed: \(failure)") }
                print(
                    String(
                        format: "Rotated %d objects in %.2f s (%.0f objects/s); %d failed.", summary.objects, summary.seconds,
                        summary.objectsPerSecond, summary.failures.count))
                if !summary.failures.isEmpty { throw ExitCode(CLIExit.objectsFailed) }
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Decrypt every object; exits 1 if any fails.")

        @OptionGroup var runtimeOptions: RuntimeOptions

        func run() async throws {
            try await reportingErrors {
                let runtime = try OBCRuntime(settings: runtimeOptions.settings())
                let reporter = ProgressReporter(label: "verifying")
                let summary = try await runtime.services.keyRotation.verify { reporter.report($0) }
                reporter.finish()
                for failure in summary.failures { printError("failed: \(failure)") }
                print("Verified \(summary.objects) objects: \(summary.objects - summary.failures.count) decrypt, \(summary.failures.count) failed.")
                if !summary.failures.isEmpty { throw ExitCode(CLIExit.objectsFailed) }
            }
        }
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
