import ArgumentParser
import Foundation
import OBCApp
import OBCCore

extension DbCommand {
    struct Copy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy every record of one store into another, empty one (by default SQLite into PostgreSQL), then verify the copy.",
            discussion: """
                Any store copies into any store (--from-provider, --to-provider: Sqlite, PostgreSql). Encrypted objects are \
                copied byte for byte; the copy is checked by counts, by bytes and by decrypting a sample with the keys this \
                process's key sources resolve. A PostgreSQL password comes from the usual settings \
                (PasswordSettingNames:PostgreSql or PasswordSources:PostgreSql).
                """
        )

        @Option(help: "The store to copy from: a database file (Sqlite) or a connection string (PostgreSql).")
        var from: String

        @Option(help: "The provider of --from.")
        var fromProvider = DatabaseCopy.sourceProvider

        @Option(help: "The store to copy to: a connection string (Host=…;Port=…;Database=…;Username=… or postgres://…) or a database file.")
        var to: String

        @Option(help: "The provider of --to; a database file is created if missing.")
        var toProvider = DatabaseCopy.targetProvider

        @OptionGroup var runtimeOptions: RuntimeOptions

        func run() async throws {
            try await reportingErrors {
                let settings = try runtimeOptions.settings(extraFlags: DatabaseCopy.flags(provider: toProvider, location: to))
                if try DatabaseSettings(values: settings.values).provider.usesDatabasePath { try settings.database.prepare(mayCreate: true) }
                let source = try runtimeOptions.settings(extraFlags: DatabaseCopy.flags(provider: fromProvider, location: from), warn: false)
                let runtime = try await OBCRuntime.open(settings: settings, migrate: true)
                do {
                    let report = try await DatabaseCopy.copy(from: source, into: runtime)
                    let records = report.records.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
                    print("Copied \(records) and \(report.objects) encrypted objects; verified counts and bytes, decrypted \(report.decrypted).")
                } catch {
                    await runtime.close()
                    throw error
                }
                await runtime.close()
            }
        }
    }
}
