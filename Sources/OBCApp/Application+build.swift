import Hummingbird
import Logging
import OBCCore
import OBCHTTP

/// Builds the HTTP application on a runtime: validates stored certificates (warnings are
/// logged and shown by `/health/ready`), then serves the management API, counting requests in
/// flight in `inFlight`.
public func buildApplication(
    runtime: OBCRuntime, port overridePort: Int? = nil, inFlight: InFlightRequests = InFlightRequests()
) async throws -> some ApplicationProtocol {
    let report = StartupReport()
    let warnings = try await runtime.services.startupValidator.validate()
    for warning in warnings { runtime.logger.warning("\(warning)") }
    await report.record(warnings)
    let router = buildRouter(
        services: runtime.services,
        startupReport: report,
        options: HTTPFrontOptions(swaggerAssetsDirectory: runtime.settings.swaggerAssetsDirectory, apiVersion: OBCVersion.current)
    )
    let port = try overridePort ?? runtime.settings.port()
    return Application(
        responder: inFlight.counting(router.buildResponder()),
        configuration: .init(address: .hostname(runtime.settings.host, port: port), serverName: "OpenBankingConnector"),
        services: runtime.storeService.map { [$0] } ?? [],
        logger: runtime.logger
    )
}
