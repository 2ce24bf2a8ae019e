import ArgumentParser
import Hummingbird
import OBCApp

/// `obc serve`: runs the Management API until SIGINT or SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Management API server (stops cleanly on SIGINT or SIGTERM)."
    )

    @Option(help: "Address to bind (default 127.0.0.1; env OBC_HOST).")
    var host: String?

    @Option(help: "Port to listen on (default 8080; env OBC_PORT).")
    var port: Int?

    @OptionGroup var runtimeOptions: RuntimeOptions

    func run() async throws {
        try await reportingErrors {
            let settings = try runtimeOptions.settings(extraFlags: [
                AppSettings.hostKey: host, AppSettings.portKey: port.map(String.init),
            ])
            let runtime = try OBCRuntime(settings: settings)
            let app = try await buildApplication(runtime: runtime)
            try await app.runService()
        }
    }
}
