import ArgumentParser
import Foundation
import Hummingbird
import Logging
import NIOCore
import OBCApp
import OBCCore
import OBCObservability
import OBCPluginAPI
import ServiceLifecycle

/// `obc serve`: runs the Management API until SIGINT or SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Management API server (stops cleanly on SIGINT or SIGTERM; SIGHUP reloads the configuration).",
        discussion: """
            Creates the database if it does not exist (and removes it again if this start fails). SIGHUP re-reads the configuration file and clears cached secrets. \
            On SIGINT or SIGTERM it stops accepting requests and waits for those in flight for at most OpenBankingConnector:Server:ShutdownGraceSeconds (default 10); a second signal exits at once. \
            Every line it writes, warnings and errors included, is a log line in the chosen format. \
            Exit codes: 0 stopped, 64 usage (a wrong option value), 78 configuration problem (including an address already in use).
            """
    )

    @Option(help: "Address to bind (default 127.0.0.1; env OBC_HOST).")
    var host: String?

    @Option(help: "Port to listen on, 0 to 65535 (default 8080; env OBC_PORT).")
    var port: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical (default info; env OBC_LOG_LEVEL).")
    var logLevel: String?

    @Option(help: "Log format: text or json, one object a line (default text; env OBC_LOG_FORMAT).")
    var logFormat: String?

    @OptionGroup var runtimeOptions: RuntimeOptions

    func run() async throws {
        let logSettings = LogSettings(format: earlyLogFormat)
        LoggingSystem.bootstrap { logSettings.handler(label: $0) }
        try await reportingErrors(to: logSettings.logger(label: "obc")) {
            try checkArguments()
            let settings = try runtimeOptions.layeredSettings(extraFlags: [
                AppSettings.hostKey: host, AppSettings.portKey: port, AppSettings.logLevelKey: logLevel, AppSettings.logFormatKey: logFormat,
            ])
            logSettings.update(level: try settings.logLevel(), format: try settings.logFormat())
            let logger = logSettings.logger(label: "obc")
            try SettingsValidator.check(settings.values) { logger.warning("\($0)") }
            _ = (try settings.port(), try settings.shutdownGracePeriod(), try settings.outboundTimeout())
            let created = try CreatedDatabase(settings: settings)
            do {
                try await open(settings: settings, logSettings: logSettings)
            } catch {
                created?.remove()
                throw error
            }
        }
    }

    func open(settings: AppSettings, logSettings: LogSettings) async throws {
        let tracing = try TraceExport.start(settings: settings, logger: logSettings.logger(label: "obc.tracing"))
        let runtime = try await OBCRuntime.open(settings: settings, logger: logSettings.logger(label: "obc"))
        do {
            try await serve(runtime, settings: settings, logSettings: logSettings, tracing: tracing)
        } catch {
            await runtime.close()
            throw error
        }
        await runtime.close()
    }

    func serve(_ runtime: OBCRuntime, settings: AppSettings, logSettings: LogSettings, tracing: (any Service)?) async throws {
        let inFlight = InFlightRequests()
        let app = try await buildApplication(
            runtime: runtime, reloadOnSIGHUP: true, logSettings: logSettings, inFlight: inFlight, heartbeat: true,
            expiryLogInterval: .seconds(86_400))
        let shutdown = ServeShutdown(grace: try settings.shutdownGracePeriod(), inFlight: inFlight, logger: runtime.logger)
        do {
            try await shutdown.run(app, after: tracing.map { [$0] } ?? [])
        } catch let error as IOError {
            throw OBCError(.misconfigured, "Cannot listen on \(settings.host):\(try settings.port()): \(Self.reason(error.errnoCode)).")
        }
    }

    /// The socket error in words, without errno numbers or system call names.
    static func reason(_ code: Int32) -> String {
        switch code {
        case EADDRINUSE: "the address is already in use (another process listens on that port)"
        case EADDRNOTAVAIL: "the address is not available on this machine"
        case EACCES: "permission denied (ports below 1024 need privileges)"
        default: String(cString: strerror(code)).lowercased()
        }
    }
}
