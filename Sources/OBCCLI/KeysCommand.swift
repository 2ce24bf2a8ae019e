import ArgumentParser
import Crypto
import Foundation
import OBCApp
import OBCCore
import OBCPluginAPI

/// `obc keys …`: encryption keys for secrets at rest, over the same services as the API.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Manage the AES-256 keys that encrypt secrets at rest, and rotate to a new key.",
        discussion: "Exit codes: 0 success, 1 some objects failed, 65 invalid input, 78 configuration or database problem.",
        subcommands: [Generate.self, Add.self, SetCurrent.self, List.self, Rotate.self, Verify.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a key held in a key source; prints its id.")

        @Option(help: "Key source (Configuration, AwsSsmParameterStore, …).")
        var source = "Configuration"

        @Option(help: "The secret's name in that source.")
        var name: String

        @Flag(help: "Make it the key new secrets are encrypted with (refused while a running server cannot resolve it).")
        var setCurrent = false

        @Flag(help: "With --set-current: make it current even if running servers cannot resolve it.")
        var force = false

        @OptionGroup var runtimeOptions: RuntimeOptions
        @OptionGroup var creation: DatabaseCreation

        func run() async throws {
            try await reportingErrors {
                try await runtimeOptions.withRuntime(creating: creation.create) { runtime in
                    let keys = runtime.services.encryptionKeyDescriptions
                    let record = try await keys.create(.init(key: SecretDescription(source: SecretSource(source), name: name)))
                    print(record.id.lowercasedText)
                    guard setCurrent else { return }
                    do {
                        try await KeySwitchGuard(force: force).check(record, runtime: runtime)
                    } catch {
                        printError("The key was added but is not current; `obc keys set-current \(record.id.lowercasedText)` makes it current.")
                        throw error
                    }
                    try await keys.setCurrent(id: record.id)
                    printError(KeysCommand.everyServerNeedsTheKey(record.key))
                }
            }
        }
    }

    struct SetCurrent: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-current", abstract: "Make an existing key the current one.")

        @Argument(help: "The key description id.")
        var id: String

        @Flag(help: "Make it current even if running servers cannot resolve it.")
        var force = false

        @OptionGroup var runtimeOptions: RuntimeOptions

        func run() async throws {
            try await reportingErrors {
                guard let uuid = UUID(uuidString: id) else { throw OBCError.invalid("id", "'\(id)' is not a UUID.") }
                try await runtimeOptions.withRuntime { runtime in
                    let record = try await runtime.services.encryptionKeyDescriptions.get(id: uuid)
                    try await KeySwitchGuard(force: force).check(record, runtime: runtime)
                    try await runtime.services.encryptionKeyDescriptions.setCurrent(id: uuid)
                    print("Current encryption key: \(uuid.lowercasedText)")
                    printError(KeysCommand.everyServerNeedsTheKey(record.key))
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        /// The columns, in the order printed: the header and `--help` both come from here.
        static let columns: [(name: String, width: Int, meaning: String)] = [
            ("ID", 36, "key description id"), ("CURRENT", 7, "* for the current key"),
            ("OBJECTS", 10, "objects encrypted with it"), ("SOURCE", 22, "key source"), ("NAME", 0, "secret name"),
        ]
        static let configuration = CommandConfiguration(
            abstract: "List keys, one a line, in columns: " + columns.map { "\($0.name) (\($0.meaning))" }.joined(separator: ", ") + ".")

        @OptionGroup var runtimeOptions: RuntimeOptions
        @OptionGroup var creation: DatabaseCreation

        func run() async throws {
            try await reportingErrors {
                try await runtimeOptions.withRuntime(creating: creation.create) { runtime in
                    let usage = try await runtime.services.keyRotation.usage()
                    func line(_ cells: [String]) -> String {
                        zip(cells, Self.columns).map { $0.padding($1.width) }.joined(separator: "  ")
                    }
                    print(line(Self.columns.map(\.name)))
                    for key in usage {
                        print(
                            line([
                                key.description.id.lowercasedText, key.isCurrent ? "*" : "", String(key.objectCount),
                                key.description.key.source.rawValue, key.description.key.name,
                            ]))
                    }
                }
            }
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-encrypt every object not under the current key. Safe to interrupt and re-run, and to run while serving.")

        // `.unconditional` so `--batch-size -5` reaches `validate()` instead of reading as a missing value.
        @Option(parsing: .unconditional, help: "Objects per transaction (a whole number, at least 1).")
        var batchSize = 100_000

        @OptionGroup var runtimeOptions: RuntimeOptions

        func validate() throws {
            guard batchSize >= 1 else { throw ValidationError("--batch-size must be a whole number of at least 1, not \(batchSize).") }
        }

        func run() async throws {
            try await reportingErrors {
                try await runtimeOptions.withRuntime { runtime in
                    let reporter = ProgressReporter(label: "rotating", verb: "rotate")
                    let summary = try await runtime.services.keyRotation.rotate(batchSize: batchSize) { reporter.report($0) }
                    reporter.finish()
                    for failure in summary.failures { printError("failed: \(failure)") }
                    if summary.objects == 0 && summary.failures.isEmpty {
                        print("Nothing to rotate: every object is already encrypted with the current key.")
                        return
                    }
                    print(
                        String(
                            format: "Rotated %d objects in %.2f s (%.0f objects/s); %d failed.", summary.objects, summary.seconds,
                            summary.objectsPerSecond, summary.failures.count))
                    if !summary.failures.isEmpty { throw ExitCode(CLIExit.objectsFailed) }
                }
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decrypt every object; lists each one that fails (id, owner, purpose) under its cause.",
            discussion: "Exits 1 if an object failed authentication (altered), 78 if objects fail only because a key cannot be resolved.")

        @OptionGroup var runtimeOptions: RuntimeOptions

        func run() async throws {
            try await reportingErrors {
                try await runtimeOptions.withRuntime { runtime in
                    let reporter = ProgressReporter(label: "verifying", verb: "verify")
                    let summary = try await runtime.services.keyRotation.verify { reporter.report($0) }
                    reporter.finish()
                    let report = VerifyReport(summary.failedObjects)
                    for line in report.lines { printError(line) }
                    print(
                        "Verified \(summary.objects) objects: \(summary.objects - summary.failures.count) decrypt, \(summary.failures.count) failed.")
                    if let code = report.exitCode { throw ExitCode(code) }
                }
            }
        }
    }
}

extension KeysCommand {
    /// A current key is read from the database by every process on it, on its next seal.
    static func everyServerNeedsTheKey(_ key: SecretDescription) -> String {
        """
        warning: every obc process on this database now seals new secrets with this key, from its next request.
          Each server must resolve Source \(key.source) Name \(key.name) through its own key sources first;
          a server that cannot answers 503 to registrations and 503 on /health/ready (check each one).
        """
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
