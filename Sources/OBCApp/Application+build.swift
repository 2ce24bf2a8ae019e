import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOSSL
import OBCCore
import OBCHTTP
import ServiceLifecycle

/// Builds the HTTP application on a runtime: validates stored certificates (each broken one is
/// logged with its cause and listed by `/health/ready` as a warning), resolves the API keys,
/// checks who may reach the listener, logs the start-up line (`StartupSummary`), then serves the
/// management API. With `reloadOnSIGHUP`, SIGHUP re-reads the
/// configuration and swaps in a router built from it (see `ConfigurationReloader`). Requests in
/// flight are counted in `inFlight`, so a shutdown can say how many it waits for. With
/// `heartbeat` (`obc serve`), the instance records in the database which keys it resolves. The
/// start-up check and `expiryLogInterval` (`obc serve`: a day) log each certificate within 30
/// days of expiry.
public func buildApplication(
    runtime: OBCRuntime, port overridePort: Int? = nil, reloadOnSIGHUP: Bool = false, logSettings: LogSettingsHandle? = nil,
    inFlight: InFlightRequests = InFlightRequests(), heartbeat: Bool = false, expiryLogInterval: Duration? = nil
) async throws -> some ApplicationProtocol {
    let port = try overridePort ?? runtime.settings.port()
    let front = try await HTTPFront.make(runtime: runtime)
    let tls = try ListenerSecurity.tlsConfiguration(settings: runtime.settings)
    let mutualTLS = tls.map { $0.certificateVerification != .none } ?? false
    try ListenerSecurity.check(settings: runtime.settings, apiKeys: front.apiKeys, mutualTLS: mutualTLS)
    let listener: StartupSummary.Listener = tls == nil ? .plain : (mutualTLS ? .mutualTLS : .tls)
    StartupSummary(runtime: runtime, listener: listener, apiKeysRequired: !front.apiKeys.isEmpty).log()
    let responder = ReloadableResponder(front.router.buildResponder())
    var services: [any Service] = []
    let reloader = ConfigurationReloader(runtime: runtime, responder: responder, logSettings: logSettings)
    if reloadOnSIGHUP { services.append(SIGHUPReloadService(reloader: reloader)) }
    if heartbeat {
        let interval = try runtime.settings.heartbeatInterval()
        let presence = InstancePresence(beatInterval: interval, logger: runtime.logger, instanceId: runtime.lease.instanceId)
        services.append(HeartbeatService(presence: presence, interval: interval, services: { await reloader.services }, logger: runtime.logger))
    }
    if let expiryLogInterval {
        services.append(ExpiryLogService(interval: expiryLogInterval, services: { await reloader.services }, logger: runtime.logger))
    }
    let limits = try runtime.settings.serverLimits().serverBuilder
    let server = try tls.map { try HTTPServerBuilder.tls(limits, tlsConfiguration: $0) } ?? limits
    return Application(
        responder: inFlight.counting(responder),
        server: server,
        configuration: .init(address: .hostname(runtime.settings.host, port: port), serverName: "OpenBankingConnector"),
        services: (runtime.storeService.map { [$0] } ?? []) + services,
        logger: runtime.logger
    )
}

/// The router and what it was built from, made the same way at start-up and on reload.
struct HTTPFront {
    let router: Router<AppRequestContext>
    let apiKeys: APIKeyVerifier

    static func make(runtime: OBCRuntime) async throws -> HTTPFront {
        let report = StartupReport()
        let findings = try await runtime.services.startupValidator.validate()
        for finding in findings { runtime.logger.warning("\(finding.logLine)") }
        let settings = runtime.settings
        var warnings = findings.map(\.summary)
        let expiring = try await runtime.services.expiryWatch.warnings()
        for warning in expiring { runtime.logger.warning("\(warning)") }
        warnings += expiring
        if let assets = settings.swaggerAssetsDirectory, let problem = SwaggerAssets.problem(in: assets, showingFolder: true) {
            runtime.logger.warning("\(problem)")
            warnings.append(SwaggerAssets.problem(in: assets, showingFolder: false) ?? problem)
        }
        await report.record([], warnings: warnings)
        let apiKeys = try await APIKeyVerifier.load(configuration: settings.values, secrets: runtime.services.secrets)
        let options = HTTPFrontOptions(
            swaggerAssetsDirectory: settings.swaggerAssetsDirectory, apiVersion: OBCVersion.current, metrics: runtime.metrics, apiKeys: apiKeys,
            openProbes: try settings.flag(AppSettings.openProbesKey),
            logProbes: try settings.flag(AppSettings.accessLogProbesKey), allowedOrigins: try settings.allowedOrigins())
        return HTTPFront(router: buildRouter(services: runtime.services, startupReport: report, options: options), apiKeys: apiKeys)
    }
}
