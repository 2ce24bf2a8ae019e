import Foundation
import Logging
import OBCCore
import OBCOutbound
import OBCPostgres
import OBCSQLite
import ServiceLifecycle

/// The one start-up path: plugins registered from `pluginList`, the store chosen by
/// `DatabaseSettings` opened and migrated, the core services built. `obc serve`, every other
/// CLI command and the tests all start here, so they share one registry and one set of rules.
public struct OBCRuntime: Sendable {
    public let settings: AppSettings
    public let registry: PluginRegistry
    public let store: any Store
    public let services: ManagementServices
    public let logger: Logger
    /// The store's background work (PostgreSQL's pooled client) for the service group; nil
    /// for SQLite, which has none.
    public let storeService: (any Service)?

    /// Opens the configured store: SQLite directly, PostgreSQL after resolving its password
    /// through the key sources and migrating (or checking the schema when
    /// `EnsureDatabaseMigrated` is false and `migrate` is not forced). Call `close()` when done.
    public static func open(
        settings: AppSettings, plugins: [any OBCPlugin.Type] = pluginList, logger: Logger = Logger(label: "obc"),
        http: (any OutboundHTTP)? = nil, migrate: Bool = false
    ) async throws -> OBCRuntime {
        let database = try DatabaseSettings(values: settings.values)
        let registry = try PluginRegistrar.build(plugins: plugins, configuration: settings.values, logger: logger)
        guard database.provider == .postgreSql else {
            return try OBCRuntime(settings: settings, registry: registry, logger: logger, http: http, store: nil, service: nil)
        }
        let password = try await database.password(secrets: SecretResolver(registry: registry))
        let store = try PostgresStore(connection: try database.postgresConnection(), password: password, logger: logger)
        do {
            if database.ensureMigrated || migrate {
                try await store.migrate()
            } else {
                try await store.requireMigrated()
            }
            return try OBCRuntime(settings: settings, registry: registry, logger: logger, http: http, store: store, service: store)
        } catch {
            await store.close()
            throw error
        }
    }

    /// A runtime on SQLite (or on `store` when given).
    public init(
        settings: AppSettings, plugins: [any OBCPlugin.Type] = pluginList, logger: Logger = Logger(label: "obc"),
        http: (any OutboundHTTP)? = nil, store: (any Store)? = nil
    ) throws {
        let registry = try PluginRegistrar.build(plugins: plugins, configuration: settings.values, logger: logger)
        try self.init(settings: settings, registry: registry, logger: logger, http: http, store: store, service: nil)
    }

    init(
        settings: AppSettings, registry: PluginRegistry, logger: Logger, http: (any OutboundHTTP)?, store: (any Store)?, service: (any Service)?
    ) throws {
        self.settings = settings
        self.logger = logger
        self.registry = registry
        self.store = try store ?? SQLiteStore(path: settings.databasePath)
        self.storeService = service
        let outbound =
            try http
            ?? AsyncHTTPOutbound(extraTrustRootsPEMFile: settings.values[AppSettings.extraTrustRootsKey], timeout: settings.outboundTimeout())
        self.services = ManagementServices(registry: registry, store: self.store, http: outbound, configuration: settings.values)
    }

    /// Stops the store's background work and waits for it.
    public func close() async {
        await (store as? PostgresStore)?.close()
    }
}
