import Foundation
import Logging
import OBCCore
import OBCOutbound
import OBCSQLite

/// The one start-up path: plugins registered from `pluginList`, the store opened and
/// migrated, the core services built. `obc serve`, every other CLI command and the tests all
/// start here, so they share one registry and one set of rules.
public struct OBCRuntime: Sendable {
    public let settings: AppSettings
    public let registry: PluginRegistry
    public let store: SQLiteStore
    public let services: ManagementServices
    public let logger: Logger

    public init(
        settings: AppSettings, plugins: [any OBCPlugin.Type] = pluginList, logger: Logger = Logger(label: "obc"),
        http: (any OutboundHTTP)? = nil, store: SQLiteStore? = nil
    ) throws {
        self.settings = settings
        self.logger = logger
        self.registry = try PluginRegistrar.build(plugins: plugins, configuration: settings.values, logger: logger)
        self.store = try store ?? SQLiteStore(path: settings.databasePath)
        let outbound =
            try http
            ?? AsyncHTTPOutbound(extraTrustRootsPEMFile: settings.values[AppSettings.extraTrustRootsKey], timeout: settings.outboundTimeout())
        self.services = ManagementServices(registry: registry, store: self.store, http: outbound, configuration: settings.values, logger: logger)
    }
}
