import Foundation
import OBCCore
import OBCPluginAPI

extension DatabaseCopy {
    /// The stores `obc db copy` copies from and into unless told otherwise: OBC's `Sqlite` and
    /// `PostgreSql` providers.
    public static let sourceProvider = DatabaseSettings.defaultProvider
    public static let targetProvider = "PostgreSql"

    /// The settings that select the store `provider` (any name in `stores`) at `location`: the
    /// database file of a store that uses `Database:Path`, else its connection string.
    public static func flags(
        provider name: String, location: String, stores: [any StoreProvider.Type] = storeProviderList
    ) throws -> [String: String?] {
        let provider = try DatabaseSettings(values: ConfigurationValues([DatabaseSettings.providerKey: name]), providers: stores).provider
        let key = provider.usesDatabasePath ? AppSettings.databasePathKey : StoreOpening.connectionStringKey(provider.name)
        return [DatabaseSettings.providerKey: provider.name, key: location]
    }

    /// Copies the store `source` selects (which must exist; it is not migrated) into `runtime`'s
    /// store, which must hold no records yet.
    public static func copy(
        from source: AppSettings, into runtime: OBCRuntime, stores: [any StoreProvider.Type] = storeProviderList
    ) async throws -> Report {
        let provider = try DatabaseSettings(values: source.values, providers: stores).provider
        if provider.usesDatabasePath, !FileManager.default.fileExists(atPath: source.databasePath) {
            throw OBCError.invalid("--from", "\(source.databasePath) does not exist.")
        }
        let opening = StoreOpening(
            provider: provider.name, values: source.values, databasePath: source.databasePath,
            secrets: SecretResolver(registry: runtime.registry), logger: runtime.logger, migrate: false)
        let opened = try await provider.open(opening)
        do {
            let report = try await DatabaseCopy(source: opened.store, target: runtime.store, sealer: runtime.services.sealer).run()
            await opened.close()
            return report
        } catch {
            await opened.close()
            throw error
        }
    }
}
