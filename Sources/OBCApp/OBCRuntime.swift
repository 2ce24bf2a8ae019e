import Foundation
import Logging
import OBCCore
import OBCObservability
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
    /// The metrics `/metrics` exports; outbound calls are counted into it.
    public let metrics: ObservabilityMetrics
    let plugins: PluginTypes
    let injectedHTTP: (any OutboundHTTP)?

    public init(
        settings: AppSettings, plugins: [any OBCPlugin.Type] = pluginList, logger: Logger = Logger(label: "obc"),
        http: (any OutboundHTTP)? = nil, store: SQLiteStore? = nil, metrics: ObservabilityMetrics = ObservabilityMetrics()
    ) throws {
        self.settings = settings
        self.logger = logger
        self.metrics = metrics
        self.plugins = PluginTypes(list: plugins)
        self.injectedHTTP = http
        self.registry = try PluginRegistrar.build(plugins: plugins, configuration: settings.values, logger: logger)
        self.store = try store ?? SQLiteStore(path: settings.databasePath)
        let network =
            try http
            ?? AsyncHTTPOutbound(extraTrustRootsPEMFile: settings.values[AppSettings.extraTrustRootsKey], timeout: settings.outboundTimeout())
        let outbound = InstrumentedOutbound(network, metrics: metrics, logger: logger)
        self.services = ManagementServices(registry: registry, store: self.store, http: outbound, configuration: settings.values, logger: logger)
    }

    /// A runtime for new settings on the same store, logger and metrics: new key sources (so
    /// no cached secret survives) and new services.
    public func reloaded(settings: AppSettings) throws -> OBCRuntime {
        try OBCRuntime(settings: settings, plugins: plugins.list, logger: logger, http: injectedHTTP, store: store, metrics: metrics)
    }
}

/// The plugin list, kept for reloads. Metatypes are immutable, so sharing them is safe.
struct PluginTypes: @unchecked Sendable {
    let list: [any OBCPlugin.Type]
}
