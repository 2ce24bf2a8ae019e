import OBCCore
import OBCPluginAPI
import OBCSQLite

/// A test-only store the app has never heard of, added the way every store is: this folder and
/// one line in Package.swift's `testStores`. `Database:Provider` `Example` selects it; it keeps
/// its records in SQLite, in the file named by `path(for:)` beside `Database:Path`, so a test
/// can see which provider served it.
public enum StoreExampleStoreProvider: StoreProvider {
    public static let name = "Example"
    public static let system = "sqlite"

    public static func path(for databasePath: String) -> String { databasePath + ".example" }

    public static func open(_ opening: StoreOpening) async throws -> OpenedStore {
        OpenedStore(store: try SQLiteStore(path: path(for: opening.databasePath)), system: system)
    }
}
