import Foundation
import Logging
import OBCCore
import OBCObservability
import OBCOutbound
import OBCPluginAPI
import OBCPostgres
import OBCSQLite
import ServiceLifecycle

/// The one start-up path: plugins registered from `pluginList`, the store chosen by
/// `DatabaseSettings` opened and migrated, the core services built. `obc serve`, every other
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
    /// for SQLite, which has none.
    public let storeService: (any Service)?
    let plugins: PluginTypes
    let injectedHTTP: (any OutboundHTTP)?

    /// Opens the configured store: SQLite directly, PostgreSQL after resolving its password
    /// through the key sources and migrating (or checking the schema when
    /// `EnsureDatabaseMigrated` is false and `migrate` is not forced). Call `close()` when done.
    public static func open(
        settings: AppSettings, plugins: [any OBCPlugin.Type] = pluginList, logger: Logger = Logger(label: "obc"),
        http: (any OutboundHTTP)? = nil, migrate: Bool = false, metrics: ObservabilityMetrics = ObservabilityMetrics()
    ) async throws -> OBCRuntime {
        let database = try DatabaseSettings(values: settings.values)
        let registry = try PluginRegistrar.build(plugins: plugins, configuration: settings.values, logger: logger)
        let parts = Parts(plugins: PluginTypes(list: plugins), http: http, metrics: metrics)
        guard database.provider == .postgreSql else {
            return try OBCRuntime(settings: settings, registry: registry, logger: logger, store: nil, service: nil, parts: parts)
        }
        let password = try await database.password(secrets: SecretResolver(registry: registry))
        let store = try PostgresStore(connection: try database.postgresConnection(), password: password, logger: logger)
        do {
            if database.ensureMigrated || migrate {
                try await store.migrate()
            } else {
                try await store.requireMigrated()
            }
            return try OBCRuntime(settings: settings, registry: registry, logger: logger, store: store, service: store, parts: parts)
        } catch {
            await store.close()
            throw error
        }
    }

    /// A runtime on SQLite (or on `store` when given).
    public init(
        settings: AppSettings, plugins: [any OBCPlugin.Type] = pluginList, logger: Logger = Logger(label: "obc"),
        http: (any OutboundHTTP)? = nil, store: (any Store)? = nil, metrics: ObservabilityMetrics = ObservabilityMetrics()
    ) throws {
        let registry = try PluginRegistrar.build(plugins: plugins, configuration: settings.values, logger: logger)
        let parts = Parts(plugins: PluginTypes(list: plugins), http: http, metrics: metrics)
        try self.init(settings: settings, registry: registry, logger: logger, store: store, service: nil, parts: parts)
    }

    /// What a reload keeps: the plugin list, an injected network and the metrics registry.
    struct Parts {
        let plugins: PluginTypes
        let http: (any OutboundHTTP)?
        let metrics: ObservabilityMetrics
    }

    init(settings: AppSettings, registry: PluginRegistry, logger: Logger, store: (any Store)?, service: (any Service)?, parts: Parts) throws {
        self.settings = settings
        self.logger = logger
        self.registry = registry
        self.metrics = parts.metrics
        self.plugins = parts.plugins
        self.injectedHTTP = parts.http
        let store = try store ?? SQLiteStore(path: settings.databasePath)
        self.store = store
        self.storeService = service
        let network =
            try parts.http
            ?? AsyncHTTPOutbound(extraTrustRootsPEMFile: settings.values[AppSettings.extraTrustRootsKey], timeout: settings.outboundTimeout())
        let outbound = InstrumentedOutbound(network, metrics: parts.metrics, logger: logger)
        let traced = TracedStore(store, system: store is PostgresStore ? "postgresql" : "sqlite")
        self.services = ManagementServices(registry: registry, store: traced, http: outbound, configuration: settings.values, logger: logger)
    }

    /// A runtime for new settings on the same store, logger and metrics: new key sources (so
    /// no cached secret survives) and new services.
    public func reloaded(settings: AppSettings) throws -> OBCRuntime {
        let registry = try PluginRegistrar.build(plugins: plugins.list, configuration: settings.values, logger: logger)
        let parts = Parts(plugins: plugins, http: injectedHTTP, metrics: metrics)
        return try OBCRuntime(settings: settings, registry: registry, logger: logger, store: store, service: storeService, parts: parts)
    }

    /// Stops the store's background work and waits for it.
    public func close() async {
        await (store as? PostgresStore)?.close()
    }
}

/// The plugin list, kept for reloads. Metatypes are immutable, so sharing them is safe.
struct PluginTypes: @unchecked Sendable {
    let list: [any OBCPlugin.Type]
}
