import OBCCore
import OBCMemory

/// Makes fresh, empty, migrated stores of one kind for the store contract.
public protocol StoreFactory: Sendable, CustomStringConvertible {
    func makeStore() async throws -> any Store
    /// Closes a store this factory made and removes what it left behind.
    func dispose(_ store: any Store) async
}

/// A new in-memory store per store.
public struct MemoryStoreFactory: StoreFactory {
    public init() {}
    public var description: String { "memory" }
    public func makeStore() async throws -> any Store { MemoryStore() }
    public func dispose(_ store: any Store) async {}
}
