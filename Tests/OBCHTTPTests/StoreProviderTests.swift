import Foundation
import OBCApp
import OBCCore
import OBCPluginAPI
import OBCTestSupport
import Testing

@Suite("Adding a store is one folder and one line in Package.swift")
struct StoreProviderTests {
    @Test func aNewStoreSelectedByProviderServesTheAPI() async throws {
        let fixture = try ManagementFixture()
        let environment = fixture.environment.merging(["OpenBankingConnector__Database__Provider": "example"]) { _, new in new }
        let runtime = try TestRuntime(environment: environment)
        defer { runtime.removeFiles() }
        let stores = storeProviderList + testStoreProviderList
        let key = ["Key": ["Name": "OpenBankingConnector:Keys:Encryption:Key1"]]
        try await runtime.withServer(stores: stores) { client in
            let created = try await client.send(.post, "/manage/encryption-key-descriptions", json: key)
            #expect(created.status == .created, "\(created.text)")
        }
        // The test store kept the record in its own file; the default SQLite file was never made.
        #expect(!FileManager.default.fileExists(atPath: runtime.databasePath))
        let reopened = try await runtime.openRuntime(stores: stores)
        let kept = try await reopened.store.encryptionKeyDescriptions.list()
        await reopened.close()
        #expect(kept.count == 1)
        // Without the test store in the list, the same setting is refused, naming the known ones.
        await #expect(throws: OBCError.self) { try await runtime.openRuntime() }
    }

    @Test func anUnknownProviderIsRefusedListingTheKnownOnes() throws {
        let stores = storeProviderList + testStoreProviderList
        let values = ConfigurationValues([DatabaseSettings.providerKey: "Oracle"])
        do {
            _ = try DatabaseSettings(values: values, providers: stores)
            Issue.record("accepted Oracle")
        } catch {
            #expect(String(describing: error).contains("'Oracle'"), "\(String(describing: error))")
            for store in stores { #expect(String(describing: error).contains(store.name), "\(String(describing: error)) lacks \(store.name)") }
        }
    }

    @Test func providersAreChosenByNameIgnoringCase() throws {
        let stores = storeProviderList + testStoreProviderList
        #expect(Set(stores.map { $0.name.lowercased() }).count == stores.count, "no provider name twice")
        for store in stores {
            let values = ConfigurationValues([DatabaseSettings.providerKey: store.name.uppercased()])
            #expect(try DatabaseSettings(values: values, providers: stores).provider == store)
        }
        #expect(!testStoreProviderList.isEmpty)
        #expect(testStoreProviderList.allSatisfy { test in !storeProviderList.contains { $0 == test } })
    }
}
