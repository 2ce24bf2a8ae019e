import Hummingbird
import OBCCore
import OBCObservability
import OBCPluginAPI

/// Options of the HTTP front that are not business settings.
public struct HTTPFrontOptions: Sendable {
    /// Serve Swagger UI from this local `swagger-ui-dist` folder instead of the CDN.
    public var swaggerAssetsDirectory: String?
    /// The version shown in the OpenAPI document.
    public var apiVersion: String
    /// The metrics `/metrics` exports.
    public var metrics: ObservabilityMetrics
    /// The API keys the management API requires (empty: none required).
    public var apiKeys: APIKeyVerifier
    /// Whether probes and `/metrics` answer without an API key.
    public var openProbes: Bool
    /// Whether probe and `/metrics` requests get access-log lines.
    public var logProbes: Bool
    /// Web origins allowed to call the API from a browser (CORS); none by default.
    public var allowedOrigins: [String]

    public init(
        swaggerAssetsDirectory: String? = nil, apiVersion: String = "1.0.0", metrics: ObservabilityMetrics = ObservabilityMetrics(),
        apiKeys: APIKeyVerifier = APIKeyVerifier(), openProbes: Bool = true, logProbes: Bool = false, allowedOrigins: [String] = []
    ) {
        self.allowedOrigins = allowedOrigins
        self.swaggerAssetsDirectory = swaggerAssetsDirectory
        self.apiVersion = apiVersion
        self.metrics = metrics
        self.apiKeys = apiKeys
        self.openProbes = openProbes
        self.logProbes = logProbes
    }
}

/// Builds the router of the whole HTTP front from the core services.
public func buildRouter(
    services: ManagementServices,
    startupReport: StartupReport,
    options: HTTPFrontOptions = HTTPFrontOptions()
) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestObservationMiddleware(metrics: options.metrics, logProbes: options.logProbes))
    router.add(middleware: RequestTracingMiddleware())
    if !options.allowedOrigins.isEmpty {
        router.add(middleware: AllowedOriginsMiddleware(origins: options.allowedOrigins))
    }
    router.add(middleware: ProblemMiddleware())
    if !options.apiKeys.isEmpty { router.add(middleware: APIKeyMiddleware(verifier: options.apiKeys, openProbes: options.openProbes)) }
    let routes = RouteTable()
    router.add(middleware: MethodNotAllowedMiddleware(table: routes))
    router.add(middleware: JSONContentTypeMiddleware())
    ObWacCertificateController(service: services.obWacCertificates).addRoutes(to: router)
    ObSealCertificateController(service: services.obSealCertificates).addRoutes(to: router)
    SoftwareStatementController(service: services.softwareStatements).addRoutes(to: router)
    EncryptionKeyDescriptionController(service: services.encryptionKeyDescriptions).addRoutes(to: router)
    BankRegistrationController(service: services.bankRegistrations).addRoutes(to: router)
    BankProfileController(catalog: services.bankProfiles).addRoutes(to: router)
    EstateController(estate: services.estate).addRoutes(to: router)
    RenewalController(service: services.renewals).addRoutes(to: router)
    InterruptedRegistrationController(service: services.bankRegistrations).addRoutes(to: router)
    HealthController(currentKey: CurrentKeyCheck(store: services.store, sealer: services.sealer), report: startupReport).addRoutes(to: router)
    MetricsController(metrics: options.metrics, store: services.store, expiry: services.expiryWatch).addRoutes(to: router)
    let document = openAPIDocument(services: services, options: options)
    SwaggerController(document: document, assetsDirectory: options.swaggerAssetsDirectory).addRoutes(to: router)
    routes.fill(from: router)
    return router
}

/// The OpenAPI document the router above serves at `/swagger/v1/swagger.json`.
public func openAPIDocument(services: ManagementServices, options: HTTPFrontOptions = HTTPFrontOptions()) -> JSONValue {
    let operations =
        APIOperation.management() + APIOperation.estate() + APIOperation.operational(servesSwaggerAssets: options.swaggerAssetsDirectory != nil)
    let sources = services.registry.keySources.keys.sorted { $0.rawValue < $1.rawValue }
    let profiles = services.registry.bankProfiles.keys.sorted()
    let groups = OpenAPISchemas.servedBankGroups(services.registry.bankGroups.keys)
    let document = OpenAPIDocument.make(
        operations: operations, secretSources: sources, bankProfiles: profiles, bankGroups: groups, version: options.apiVersion)
    return options.apiKeys.isEmpty ? document : OpenAPISecurity.declaringAPIKeys(in: document, openProbes: options.openProbes)
}
