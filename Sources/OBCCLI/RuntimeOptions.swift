import ArgumentParser
import OBCApp

/// Options every command shares, so `serve`, `keys` and the rest open the same store with
/// the same configuration.
struct RuntimeOptions: ParsableArguments {
    @Option(help: "SQLite database file (default ./obc.sqlite; env OBC_DATABASE). Only `obc serve` creates a missing one.")
    var database: String?

    @Option(help: "YAML configuration file (env OBC_CONFIG); relative paths in it are read from its folder.")
    var config: String?

    @Flag(help: "Create the database if it does not exist (`obc serve` always may).")
    var create = false

    /// The layered settings, checked: unknown names are warned about (unless `warn` is false, for
    /// a second set read from the same layers), malformed values refused.
    func settings(extraFlags: [String: String?] = [:], warn: Bool = true) throws -> AppSettings {
        var flags: [String: String?] = [AppSettings.databasePathKey: database]
        flags.merge(extraFlags) { _, extra in extra }
        let settings = try AppSettings(configFile: config, flags: flags)
        try SettingsValidator.check(settings.values) { if warn { printError("warning: \($0)") } }
        return settings
    }
}

extension RuntimeOptions {
    /// Opens the configured store for `body` and closes it afterwards, also on failure.
    /// An SQLite file must exist unless `--create` is given.
    func withRuntime<Result>(_ body: (OBCRuntime) async throws -> Result) async throws -> Result {
        let settings = try settings()
        if try DatabaseSettings(values: settings.values).provider.usesDatabasePath { try settings.database.prepare(mayCreate: create) }
        let runtime = try await OBCRuntime.open(settings: settings)
        do {
            let result = try await body(runtime)
            await runtime.close()
            return result
        } catch {
            await runtime.close()
            throw error
        }
    }
}
