import Logging
import OBCPluginAPI
import ServiceLifecycle

/// One kind of store, chosen by OBC's `OpenBankingConnector:Database:Provider` value. A store
/// target `OBC<Name>` provides `<Name>StoreProvider` in `<Name>StoreProvider.swift`; OBCApp's
/// PluginList build plugin lists it in `storeProviderList`, and `OBCRuntime` opens the one the
/// configuration names.
public protocol StoreProvider: SendableMetatype {
    /// The `Database:Provider` value that selects this store (matched ignoring case), as in
    /// OBC: `Sqlite`, `PostgreSql`.
    static var name: String { get }
    /// The OpenTelemetry `db.system` of the store's spans (`sqlite`, `postgresql`).
    static var system: String { get }
    /// True when the store is the file at `Database:Path` (`--database`), which the CLI
    /// checks or creates before opening it.
    static var usesDatabasePath: Bool { get }
    /// Opens (and migrates, or checks the schema of) the store. The caller awaits `close()`.
    static func open(_ opening: StoreOpening) async throws -> OpenedStore
    /// Opens the file at `path` synchronously (a store that `usesDatabasePath`; the others
    /// throw): the store of `OBCRuntime`'s synchronous start-up.
    static func open(file path: String) throws -> OpenedStore
}

extension StoreProvider {
    public static var usesDatabasePath: Bool { false }

    public static func open(file path: String) throws -> OpenedStore {
        throw OBCError(.misconfigured, "The \(name) store is not a database file.")
    }
}

extension [any StoreProvider.Type] {
    /// The first store that keeps its records in the file at `Database:Path`.
    public func fileStore() throws -> any StoreProvider.Type {
        guard let provider = first(where: { $0.usesDatabasePath }) else {
            throw OBCError(.misconfigured, "No store of this build keeps its records in a database file.")
        }
        return provider
    }
}

/// An open store, its background work for the service group (nil when it has none), and how
/// to stop it.
public struct OpenedStore: Sendable {
    public let store: any Store
    public let system: String
    public let service: (any Service)?
    /// Where the store is and its schema, for the start-up line (nil when the store does not say).
    public let summary: StoreSummary?
    let closing: @Sendable () async -> Void

    public init(
        store: any Store, system: String, service: (any Service)? = nil, summary: StoreSummary? = nil,
        close: @escaping @Sendable () async -> Void = {}
    ) {
        self.store = store
        self.system = system
        self.service = service
        self.summary = summary
        self.closing = close
    }

    /// Stops the store's background work and waits for it.
    public func close() async { await closing() }
}
