import Foundation
import Logging
import OBCCore
import OBCObservability
import OBCOutbound
import OBCPluginAPI
import OBCSQLite
import ServiceLifecycle

/// The one start-up path: plugins registered from `pluginList`, the store provider chosen by
/// `DatabaseSettings` from `storeProviderList` opened and migrated, the core services built. `obc serve`, every other
/// CLI command and the tests all start here, so they share one registry and one set of rules.
public struct OBCRuntime: Sendable {
    public let settings: AppSettings
    public let registry: PluginRegistry
    /// The store itself (the services see it through `TracedStore`, a span per operation).
    public let store: any Store
    public let services: ManagementServices
    public let logger: Logger
    /// The metrics `/metrics` exports; outbound calls are counted into it.
    public let metrics: ObservabilityMetrics
    /// The store's background work (PostgreSQL's pooled client) for the service group; nil
    /// for a store without any (SQLite).
    public let storeService: (any Service)?
    let plugins: PluginTypes
    let opened: OpenedStore
    let injectedHTTP: (any OutboundHTTP)?

    /// Opens the store `Database:Provider` names among `stores` (migrating it, or checking the
    /// schema when `EnsureDatabaseMigrated` is false and `migrate` is not forced) with the key
    /// sources at hand for its password. Call `close()` when done.
    public static func open(
        settings: AppSettings, plugins: [any OBCPlugin.Type] = pluginList, stores: [any StoreProvider.Type] = storeProviderList,
        logger: Logger = Logger(label: "obc"), http: (any OutboundHTTP)? = nil, migrate: Bool = false,
        metrics: ObservabilityMetrics = ObservabilityMetrics()
    ) async throws -> OBCRuntime {
        let database = try DatabaseSettings(values: settings.values, providers: stores)
        let registry = try PluginRegistrar.build(plugins: plugins, configuration: settings.values, logger: logger)
        let parts = Parts(plugins: PluginTypes(list: plugins), http: http, metrics: metrics)
        let opening = StoreOpening(
            provider: database.provider.name, values: settings.values, databasePath: settings.databasePath,
            secrets: SecretResolver(registry: registry), logger: logger, migrate: database.ensureMigrated || migrate)
        let opened = try await database.provider.open(opening)
        do {
            return try OBCRuntime(settings: settings, registry: registry, logger: logger, store: opened, parts: parts)
        } catch {
            await opened.close()
            throw error
        }
    }

    /// A runtime on the SQLite file at `Database:Path` whatever the configured provider (the
    /// synchronous path of CLI commands that work on that file and of tests).
    public init(
        settings: AppSettings, plugins: [any OBCPlugin.Type] = pluginList, logger: Logger = Logger(label: "obc"),
        http: (any OutboundHTTP)? = nil, metrics: ObservabilityMetrics = ObservabilityMetrics()
    ) throws {
        let registry = try PluginRegistrar.build(plugins: plugins, configuration: settings.values, logger: logger)
        let parts = Parts(plugins: PluginTypes(list: plugins), http: http, metrics: metrics)
        let sqlite = try SQLiteStore(path: settings.databasePath)
        let store = OpenedStore(store: sqlite, system: SQLiteStoreProvider.system, summary: sqlite.summary)
        try self.init(settings: settings, registry: registry, logger: logger, store: store, parts: parts)
    }

    /// What a reload keeps: the plugin list, an injected network and the metrics registry.
    struct Parts {
        let plugins: PluginTypes
        let http: (any OutboundHTTP)?
        let metrics: ObservabilityMetrics
    }

    init(settings: AppSettings, registry: PluginRegistry, logger: Logger, store opened: OpenedStore, parts: Parts) throws {
        self.settings = settings
        self.logger = logger
        self.registry = registry
        self.metrics = parts.metrics
        self.plugins = parts.plugins
        self.injectedHTTP = parts.http
        self.opened = opened
        self.store = opened.store
        self.storeService = opened.service
        let network =
            try parts.http
            ?? AsyncHTTPOutbound(extraTrustRootsPEMFile: settings.values[AppSettings.extraTrustRootsKey], timeout: settings.outboundTimeout())
        let outbound = InstrumentedOutbound(network, metrics: parts.metrics, logger: logger)
        let traced = TracedStore(opened.store, system: opened.system)
        self.services = ManagementServices(registry: registry, store: traced, http: outbound, configuration: settings.values, logger: logger)
    }

    /// A runtime for new settings on the same store, logger and metrics: new key sources (so
    /// no cached secret survives) and new services.
    public func reloaded(settings: AppSettings) throws -> OBCRuntime {
        let registry = try PluginRegistrar.build(plugins: plugins.list, configuration: settings.values, logger: logger)
        let parts = Parts(plugins: plugins, http: injectedHTTP, metrics: metrics)
        return try OBCRuntime(settings: settings, registry: registry, logger: logger, store: opened, parts: parts)
    }

    /// Stops the store's background work and waits for it.
    public func close() async {
        await opened.close()
    }
}

/// The plugin list, kept for reloads. Metatypes are immutable, so sharing them is safe.
struct PluginTypes: @unchecked Sendable {
    let list: [any OBCPlugin.Type]
}
