import OBCCore

/// `Database:Provider: Memory`: every record in this process's memory, gone when it stops.
/// For trying the product and for fast tests; it keeps the same guarantees as the database
/// stores (the store contract runs on it), each operation being one critical section.
public enum MemoryStoreProvider: StoreProvider {
    public static let name = "Memory"
    public static let system = "memory"

    public static func open(_ opening: StoreOpening) async throws -> OpenedStore {
        OpenedStore(
            store: MemoryStore(), system: system, summary: StoreSummary(location: "memory of this process", schemaVersion: 0, migrationsApplied: 0))
    }
}
