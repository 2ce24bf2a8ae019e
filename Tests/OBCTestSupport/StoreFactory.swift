import Foundation
import Logging
import OBCCore
import OBCPostgres
import OBCSQLite
import OBCTestKit

/// A new SQLite file in a temporary folder per store.
public struct SQLiteStoreFactory: StoreFactory {
    public init() {}
    public var description: String { "SQLite" }

    public func makeStore() async throws -> any Store {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("obc-contract-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try SQLiteStore(path: directory.appendingPathComponent("obc.sqlite").path)
    }

    public func dispose(_ store: any Store) async {
        guard let store = store as? SQLiteStore else { return }
        try? store.close()
        try? FileManager.default.removeItem(atPath: (store.path as NSString).deletingLastPathComponent)
    }
}

/// A new database on the test process's PostgreSQL cluster per store.
public struct PostgresStoreFactory: StoreFactory {
    public init() {}
    public var description: String { "PostgreSQL" }

    public func makeStore() async throws -> any Store {
        let cluster = try await PostgresTestCluster.shared()
        let database = try await cluster.createDatabase()
        let connection = try PostgresConnectionSettings.parse(cluster.connectionString(database: database), setting: "test")
        let store = try await PostgresStore.start(connection: connection, password: nil, logger: Logger(label: "obc-contract"))
        do {
            try await store.migrate()
        } catch {
            await store.close()
            throw error
        }
        return store
    }

    public func dispose(_ store: any Store) async {
        await (store as? PostgresStore)?.close()
    }
}

/// Every store this build has, for suites that run against each.
public enum StoreFactories {
    public static let all: [any StoreFactory] = [MemoryStoreFactory(), SQLiteStoreFactory(), PostgresStoreFactory()]
}
