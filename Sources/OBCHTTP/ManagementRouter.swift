import Hummingbird
import OBCCore

/// Options of the HTTP front that are not business settings.
public struct HTTPFrontOptions: Sendable {
    /// Serve Swagger UI from this local `swagger-ui-dist` folder instead of the CDN.
    public var swaggerAssetsDirectory: String?
    /// The version shown in the OpenAPI document.
    public var apiVersion: String

    public init(swaggerAssetsDirectory: String? = nil, apiVersion: String = "1.0.0") {
        self.swaggerAssetsDirectory = swaggerAssetsDirectory
        self.apiVersion = apiVersion
    }
}

/// Builds the router of the whole HTTP front from the core services.
public func buildRouter(
    services: ManagementServices,
    startupReport: StartupReport,
    options: HTTPFrontOptions = HTTPFrontOptions()
) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: ProblemMiddleware())
    ObWacCertificateController(service: services.obWacCertificates).addRoutes(to: router)
    ObSealCertificateController(service: services.obSealCertificates).addRoutes(to: router)
    SoftwareStatementController(service: services.softwareStatements).addRoutes(to: router)
    EncryptionKeyDescriptionController(service: services.encryptionKeyDescriptions).addRoutes(to: router)
    BankRegistrationController(service: services.bankRegistrations).addRoutes(to: router)
    BankProfileController(catalog: services.bankProfiles).addRoutes(to: router)
    HealthController(store: services.store, report: startupReport).addRoutes(to: router)
    let document = openAPIDocument(services: services, options: options)
    SwaggerController(document: document, assetsDirectory: options.swaggerAssetsDirectory).addRoutes(to: router)
    return router
}

/// The OpenAPI document the router above serves at `/swagger/v1/swagger.json`.
public func openAPIDocument(services: ManagementServices, options: HTTPFrontOptions = HTTPFrontOptions()) -> JSONValue {
    let operations = APIOperation.management() + APIOperation.operational(servesSwaggerAssets: options.swaggerAssetsDirectory != nil)
    let sources = services.registry.keySources.keys.sorted { $0.rawValue < $1.rawValue }
    let profiles = services.registry.bankProfiles.keys.sorted()
    return OpenAPIDocument.make(operations: operations, secretSources: sources, bankProfiles: profiles, version: options.apiVersion)
}
