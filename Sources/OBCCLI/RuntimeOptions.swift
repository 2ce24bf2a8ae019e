import ArgumentParser
import OBCApp

/// Options every command shares, so `serve`, `keys` and the rest open the same store with
/// the same configuration.
struct RuntimeOptions: ParsableArguments {
    @Option(help: "SQLite database file (default ./obc.sqlite; env OBC_DATABASE).")
    var database: String?

    @Option(help: "YAML configuration file (env OBC_CONFIG).")
    var config: String?

    func settings(extraFlags: [String: String?] = [:]) throws -> AppSettings {
        var flags = extraFlags
        flags[AppSettings.databasePathKey] = database
        return try AppSettings(configFile: config, flags: flags)
    }
}
