import Crypto
import Foundation
import Logging
import OBCCore
import OBCPluginAPI
import OBCTestKit
import OBCTestSupport
import PostgresNIO
import Testing

@testable import OBCPostgres

/// How OBCPostgres lays encrypted objects out, beyond the contract every store passes: re-seals
/// rewrite rows in place (HOT updates, no index entry written), nonces are never used twice
/// even once their object moved on, and migration 4 carries existing objects over.
@Suite(.enabled(if: PostgresTestCluster.available, Comment(rawValue: PostgresTestCluster.skipMessage)))
struct PostgresStorageTests {
    let logger = Logger(label: "obc-postgres-storage")

    @Test func resealsAreHeapOnlyUpdates() async throws {
        try await withStore { store in
            let (old, new) = (try await StoreContract.keyDescription(in: store, "Old"), try await StoreContract.keyDescription(in: store, "New"))
            let material = [old.id: SymmetricKey(size: .bits256), new.id: SymmetricKey(size: .bits256)]
            // Plaintexts of 64 to 2,048 bytes, as the rotation benchmark seals.
            let objects = try (0..<400).map { index in
                try SecretSealer.seal(
                    Data(repeating: UInt8(index % 251), count: 64 + (index * 977) % 1985), id: UUID(), owner: UUID(), purpose: .clientSecret,
                    keyId: old.id, key: material[old.id]!, created: Date(), modified: Date())
            }
            try await store.encryptedObjects.insert(contentsOf: objects)
            let outcome = try await store.encryptedObjects.reseal(notSealedWith: new.id, after: nil, limit: 1000) { object, _ in
                Result {
                    try SecretSealer.reseal(
                        object, openingWith: material[old.id]!, to: new.id, key: material[new.id]!, nonce: AES.GCM.Nonce(), modified: Date())
                }.mapError { OBCError(.internal, "\($0)") }
            }
            #expect(outcome.replaced == objects.count)
            #expect(try await store.encryptedObjects.countByKey() == [new.id: objects.count])
            try await store.client.query("CREATE EXTENSION IF NOT EXISTS pageinspect", logger: logger)
            // HEAP_ONLY_TUPLE (0x8000 in t_infomask2) marks a version written without index entries.
            let rows = try await store.client.query(
                """
                SELECT count(*)::bigint FROM generate_series(0, (pg_relation_size('encrypted_object') / 8192)::int - 1) AS page,
                heap_page_items(get_raw_page('encrypted_object', page)) WHERE t_infomask2 & 32768 <> 0
                """, logger: logger)
            for try await heapOnly in rows.decode(Int.self) {
                #expect(heapOnly == objects.count, "every re-sealed version is heap-only")
            }
        }
    }

    @Test func aNonceIsNeverUsedTwiceEvenAfterItsObjectMovedOn() async throws {
        try await withStore { store in
            let (old, new) = (try await StoreContract.keyDescription(in: store, "Old"), try await StoreContract.keyDescription(in: store, "New"))
            let key = SymmetricKey(size: .bits256)
            let first = try StoreContract.sealed("first", key: key, keyId: old.id)
            try await store.encryptedObjects.insert(first)
            _ = try await store.encryptedObjects.reseal(notSealedWith: new.id, after: nil, limit: 10) { object, _ in
                Result {
                    try SecretSealer.reseal(object, openingWith: key, to: new.id, key: key, nonce: AES.GCM.Nonce(), modified: Date())
                }.mapError { OBCError(.internal, "\($0)") }
            }
            #expect(try await store.encryptedObjects.find(owner: first.ownerId, purpose: first.purpose)?.nonce != first.nonce)
            var second = try StoreContract.sealed("second", key: key, keyId: new.id)
            second.nonce = first.nonce
            await #expect(throws: EncryptedObjectStoreError.nonceReused) { try await store.encryptedObjects.insert(second) }
        }
    }

    @Test func objectsNameKeyDescriptionsThatExist() async throws {
        try await withStore { store in
            let description = try await StoreContract.keyDescription(in: store, "Sealing")
            let key = SymmetricKey(size: .bits256)
            let refused = await #expect(throws: OBCError.self) {
                try await store.encryptedObjects.insert(try StoreContract.sealed("orphan", key: key, keyId: UUID()))
            }
            #expect(refused?.kind == .misconfigured)
            try await store.encryptedObjects.insert(try StoreContract.sealed("kept", key: key, keyId: description.id))
            await #expect(throws: PSQLError.self) {
                try await store.client.query("DELETE FROM encryption_key_description WHERE id = \(description.id)", logger: logger)
            }
            let missing = UUID()
            await #expect(throws: (any Error).self, "a re-seal to a key description that does not exist") {
                _ = try await store.encryptedObjects.reseal(notSealedWith: missing, after: nil, limit: 10) { object, _ in
                    Result {
                        try SecretSealer.reseal(object, openingWith: key, to: missing, key: key, nonce: AES.GCM.Nonce(), modified: Date())
                    }.mapError { OBCError(.internal, "\($0)") }
                }
            }
            #expect(try await store.encryptedObjects.countByKey() == [description.id: 1])
        }
    }

    @Test func migrationFourCarriesObjectsSealedBeforeIt() async throws {
        try await withStore(migratedThrough: 3) { store in
            let description = try await StoreContract.keyDescription(in: store, "Before")
            let key = SymmetricKey(size: .bits256)
            let objects = try (0..<20).map { try StoreContract.sealed("before-\($0)", key: key, keyId: description.id) }
            // Written as version 3 stored them: no registry yet.
            for object in objects {
                try await store.client.query(
                    """
                    INSERT INTO encrypted_object (\(unescaped: PostgresEncryptedObjectRepository.columns)) VALUES (\(object.id), \(object.ownerId),
                    \(object.purpose.rawValue), \(object.keyDescriptionId), \(object.nonce), \(object.tag), \(object.ciphertext), \(object.created),
                    \(object.modified))
                    """, logger: logger)
            }
            #expect(try await PostgresMigrations.migrate(store.client, logger: logger) == PostgresMigrations.latest - 3)
            for object in objects {
                let found = try #require(try await store.encryptedObjects.find(owner: object.ownerId, purpose: object.purpose))
                #expect(String(decoding: try SecretSealer.open(found, key: key), as: UTF8.self).hasPrefix("before-"))
            }
            var reused = try StoreContract.sealed("after", key: key, keyId: description.id)
            reused.nonce = objects[7].nonce
            await #expect(throws: EncryptedObjectStoreError.nonceReused) { try await store.encryptedObjects.insert(reused) }
        }
    }

    // MARK: Fixtures

    /// A store on a fresh database of the test cluster, migrated through `version`.
    private func withStore(migratedThrough version: Int = PostgresMigrations.latest, _ body: (PostgresStore) async throws -> Void)
        async throws
    {
        let cluster = try await PostgresTestCluster.shared()
        let connection = try PostgresConnectionSettings.parse(cluster.connectionString(database: try await cluster.createDatabase()), setting: "test")
        let store = try await PostgresStore.start(connection: connection, password: nil, logger: logger)
        try await withAwaitedCleanup {
            try await PostgresMigrations.migrate(store.client, logger: logger, through: version)
            try await body(store)
        } cleanup: {
            await store.close()
        }
    }
}
