import ArgumentParser
import Hummingbird
import OBCApp
import OBCObservability

/// `obc serve`: runs the Management API until SIGINT or SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Management API server (stops cleanly on SIGINT or SIGTERM; SIGHUP reloads the configuration)."
    )

    @Option(help: "Address to bind (default 127.0.0.1; env OBC_HOST).")
    var host: String?

    @Option(help: "Port to listen on (default 8080; env OBC_PORT).")
    var port: Int?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical (default info; env OBC_LOG_LEVEL).")
    var logLevel: String?

    @Option(help: "Log format: text or json, one object a line (default text; env OBC_LOG_FORMAT).")
    var logFormat: String?

    @OptionGroup var runtimeOptions: RuntimeOptions

    func run() async throws {
        try await reportingErrors {
            let settings = try runtimeOptions.settings(extraFlags: [
                AppSettings.hostKey: host, AppSettings.portKey: port.map(String.init), AppSettings.logLevelKey: logLevel,
                AppSettings.logFormatKey: logFormat,
            ])
            let logSettings = LogSettings(level: try settings.logLevel(), format: try settings.logFormat())
            let runtime = try OBCRuntime(settings: settings, logger: logSettings.logger(label: "obc"))
            let app = try await buildApplication(runtime: runtime, reloadOnSIGHUP: true, logSettings: logSettings)
            try await app.runService()
        }
    }
}
