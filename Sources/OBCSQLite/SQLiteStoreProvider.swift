import OBCCore
import OBCPluginAPI

/// `Database:Provider` `Sqlite` (OBC's default): the file at `Database:Path` (`--database`),
/// created if needed and always migrated at open.
public enum SQLiteStoreProvider: StoreProvider {
    public static let name = "Sqlite"
    public static let system = "sqlite"
    public static let usesDatabasePath = true

    public static func open(_ opening: StoreOpening) async throws -> OpenedStore {
        try open(file: opening.databasePath)
    }

    public static func open(file path: String) throws -> OpenedStore {
        let store = try SQLiteStore(path: path)
        return OpenedStore(store: store, system: system, summary: store.summary)
    }
}
