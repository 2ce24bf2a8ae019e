import Logging
import OBCCore
import OBCOTLP
import OBCObservability
import ServiceLifecycle
import UnixSignals

/// What a reload may change in the log output; `obc serve` passes its `LogSettings`.
public typealias LogSettingsHandle = LogSettings

/// Re-reads the configuration file (and the environment and flags stacked on it), builds a
/// new runtime on the same store, so every key source starts with no cached secret, and swaps
/// its router in. Unknown setting names are warned about as at start-up. Logs the names of the settings that changed, never their values. A reload
/// that fails keeps the running configuration.
actor ConfigurationReloader {
    private var runtime: OBCRuntime
    let responder: ReloadableResponder
    let logSettings: LogSettings?
    /// Settings that only a restart applies (the tracer is bootstrapped once per process).
    static let restartOnly = ([AppSettings.hostKey, AppSettings.portKey, AppSettings.databasePathKey] + OTLPTraceSettings.keys).map {
        $0.lowercased()
    }

    init(runtime: OBCRuntime, responder: ReloadableResponder, logSettings: LogSettings?) {
        self.runtime = runtime
        self.responder = responder
        self.logSettings = logSettings
    }

    /// The services of the configuration in force.
    var services: ManagementServices { runtime.services }

    func reload() async {
        let logger = runtime.logger
        do {
            let settings = try AppSettings(configFile: runtime.settings.configFile, flags: runtime.settings.flags)
            try SettingsValidator.check(settings.values) { logger.warning("\($0)") }
            let changed = settings.values.changedNames(comparedTo: runtime.settings.values)
            let next = try runtime.reloaded(settings: settings)
            let front = try await HTTPFront.make(runtime: next)
            try logSettings?.update(level: settings.logLevel(), format: settings.logFormat())
            responder.replace(with: front.router.buildResponder())
            runtime = next
            logger.notice(
                "Configuration reloaded; cached secrets cleared",
                metadata: ["changed_settings": .string(changed.isEmpty ? "none" : changed.joined(separator: ", "))])
            let needRestart = changed.filter(Self.restartOnly.contains)
            if !needRestart.isEmpty {
                logger.warning("These settings apply only after a restart: \(needRestart.joined(separator: ", "))")
            }
        } catch {
            logger.error("Configuration reload failed; the previous configuration stays in force: \(error)")
        }
    }
}

/// Runs `ConfigurationReloader.reload()` on each SIGHUP until the application shuts down.
struct SIGHUPReloadService: Service {
    let reloader: ConfigurationReloader

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            await reloader.reload()
        }
    }
}
