import ArgumentParser
import Foundation
import OBCApp
import OBCCore

extension DbCommand {
    struct Copy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy every record of an SQLite file into an empty PostgreSQL database, then verify the copy.",
            discussion: """
                Encrypted objects are copied byte for byte; the copy is checked by counts, by bytes and by decrypting a sample \
                with the keys this process's key sources resolve. The password comes from the usual settings \
                (PasswordSettingNames:PostgreSql or PasswordSources:PostgreSql).
                """
        )

        @Option(help: "The SQLite database file to copy from.")
        var from: String

        @Option(help: "The PostgreSQL connection string (Host=…;Port=…;Database=…;Username=… or postgres://…) to copy to.")
        var to: String

        @OptionGroup var runtimeOptions: RuntimeOptions

        func run() async throws {
            try await reportingErrors {
                let settings = try runtimeOptions.settings(extraFlags: [
                    DatabaseSettings.providerKey: DatabaseCopy.targetProvider,
                    StoreOpening.connectionStringKey(DatabaseCopy.targetProvider): to,
                ])
                let runtime = try await OBCRuntime.open(settings: settings, migrate: true)
                do {
                    let report = try await DatabaseCopy.fromSQLite(path: from, into: runtime)
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
