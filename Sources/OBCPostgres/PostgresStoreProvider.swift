import OBCCore
import OBCPluginAPI

/// `Database:Provider` `PostgreSql`: the server in `ConnectionStrings:PostgreSql`, its password
/// from `PasswordSettingNames`/`PasswordSources`, migrated at open (or only checked when
/// `EnsureDatabaseMigrated` is false and the caller does not force it).
public enum PostgresStoreProvider: StoreProvider {
    public static let name = "PostgreSql"
    public static let system = "postgresql"

    public static func open(_ opening: StoreOpening) async throws -> OpenedStore {
        let key = StoreOpening.connectionStringKey(name)
        guard let text = opening.values[key] else {
            throw OBCError(.misconfigured, "\(StoreOpening.databaseSection):Provider is \(name) but \(key) is not set.")
        }
        let connection = try PostgresConnectionSettings.parse(text, setting: key)
        let password = try await opening.password()
        try await PostgresProbe.check(password: password, failure: failure(opening, connection, password: password), logger: opening.logger)
        let store = try await PostgresStore.start(connection: connection, password: password, logger: opening.logger)
        var applied = 0
        do {
            if opening.migrate {
                applied = try await store.migrate()
            } else {
                try await store.requireMigrated()
            }
        } catch {
            await store.close()
            throw error
        }
        let location = "\(connection.host):\(connection.port)/\(connection.database ?? connection.username)"
        let summary = StoreSummary(location: location, schemaVersion: PostgresMigrations.latest, migrationsApplied: applied)
        return OpenedStore(store: store, system: system, service: store, summary: summary, close: { await store.close() })
    }

    /// The words for a start-up failure, naming this provider's settings.
    static func failure(_ opening: StoreOpening, _ connection: PostgresConnectionSettings, password: String?) -> PostgresStartupFailure {
        let (names, sources) = (StoreOpening.passwordSettingNameKey(name), StoreOpening.passwordSourceKey(name))
        let origin =
            opening.values[names].map { "the setting \($0) (named by \(names))" }
            ?? opening.values["\(sources):Name"].map { "the secret \($0) (\(sources))" }
        return PostgresStartupFailure(
            connection: connection, connectionSetting: StoreOpening.connectionStringKey(name), passwordOrigin: password == nil ? nil : origin,
            passwordSettings: (names, sources))
    }
}
