import ArgumentParser
import Foundation
import OBCApp
import OBCCore

/// `obc db …`: the database itself, apart from what it holds.
struct DbCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Migrate the configured database (SQLite or PostgreSQL), or copy one store into another.",
        discussion: "Exit codes: 0 success, 78 configuration or database problem.",
        subcommands: [Migrate.self, Copy.self]
    )

    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply pending schema migrations now (instances migrate at start-up unless EnsureDatabaseMigrated is false).")

        @OptionGroup var runtimeOptions: RuntimeOptions
        @OptionGroup var creation: DatabaseCreation

        func run() async throws {
            try await reportingErrors {
                let settings = try runtimeOptions.settings()
                let provider = try DatabaseSettings(values: settings.values).provider
                if provider.usesDatabasePath { try settings.database.prepare(mayCreate: creation.create) }
                let runtime = try await OBCRuntime.open(settings: settings, migrate: true)
                await runtime.close()
                print("The \(provider.name) database is migrated to this build's schema.")
            }
        }
    }
}
