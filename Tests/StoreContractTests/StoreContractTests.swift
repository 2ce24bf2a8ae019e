import OBCTestKit
import OBCTestSupport
import Testing

/// The store contract (Tests/OBCTestSupport/StoreContract*.swift) on every store of this build.
@Suite("The store contract on the in-memory store, SQLite and PostgreSQL")
struct StoreContractTests {
    @Test(arguments: StoreContract.all)
    func memory(_ contract: StoreContract) async throws {
        try await contract.run(on: MemoryStoreFactory())
    }

    @Test(arguments: StoreContract.all)
    func sqlite(_ contract: StoreContract) async throws {
        try await contract.run(on: SQLiteStoreFactory())
    }

    @Test(.enabled(if: PostgresTestCluster.available, Comment(rawValue: PostgresTestCluster.skipMessage)), arguments: StoreContract.all)
    func postgreSQL(_ contract: StoreContract) async throws {
        try await contract.run(on: PostgresStoreFactory())
    }
}
