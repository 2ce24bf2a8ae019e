import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOSSL
import OBCCore
import OBCHTTP
import ServiceLifecycle

/// Builds the HTTP application on a runtime: validates stored certificates (warnings are
/// logged and shown by `/health/ready`), resolves the API keys, checks who may reach the
/// listener, logs the start-up line (`StartupSummary`), then serves the management API. With `reloadOnSIGHUP`, SIGHUP re-reads the
/// configuration and swaps in a router built from it (see `ConfigurationReloader`). Requests in
/// flight are counted in `inFlight`, so a shutdown can say how many it waits for.
public func buildApplication(
    runtime: OBCRuntime, port overridePort: Int? = nil, reloadOnSIGHUP: Bool = false, logSettings: LogSettingsHandle? = nil,
    inFlight: InFlightRequests = InFlightRequests()
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
    if reloadOnSIGHUP {
        services.append(SIGHUPReloadService(reloader: ConfigurationReloader(runtime: runtime, responder: responder, logSettings: logSettings)))
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
        let reasons = try await runtime.services.startupValidator.validate()
        for reason in reasons { runtime.logger.warning("\(reason)") }
        let settings = runtime.settings
        var warnings: [String] = []
        if let assets = settings.swaggerAssetsDirectory, let problem = SwaggerAssets.problem(in: assets, showingFolder: true) {
            runtime.logger.warning("\(problem)")
            warnings.append(SwaggerAssets.problem(in: assets, showingFolder: false) ?? problem)
        }
        await report.record(reasons, warnings: warnings)
        let apiKeys = try await APIKeyVerifier.load(configuration: settings.values, secrets: runtime.services.secrets)
        let options = HTTPFrontOptions(
            swaggerAssetsDirectory: settings.swaggerAssetsDirectory, apiVersion: OBCVersion.current, metrics: runtime.metrics, apiKeys: apiKeys,
            openProbes: try settings.flag(AppSettings.openProbesKey, default: true),
            logProbes: try settings.flag(AppSettings.accessLogProbesKey, default: false), allowedOrigins: try settings.allowedOrigins())
        return HTTPFront(router: buildRouter(services: runtime.services, startupReport: report, options: options), apiKeys: apiKeys)
    }
}
