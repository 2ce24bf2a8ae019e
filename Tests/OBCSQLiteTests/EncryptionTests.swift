import Foundation
import GRDB
import OBCApp
import OBCCore
import OBCPluginAPI
import OBCTestSupport
import Testing

@testable import OBCSQLite

@Suite("AES-256-GCM encryption at rest on a real SQLite file")
struct EncryptionTests {
    let fixture = try! ManagementFixture()

    /// A runtime with one current key description (Key1).
    func runtimeWithKey(_ environment: [String: String]? = nil) async throws -> (TestRuntime, OBCRuntime, UUID) {
        let test = try TestRuntime(environment: environment ?? fixture.environment)
        let runtime = try test.makeRuntime()
        let key = try await runtime.services.encryptionKeyDescriptions.create(
            .init(key: SecretDescription(name: "OpenBankingConnector:Keys:Encryption:Key1"), setAsCurrent: true))
        return (test, runtime, key.id)
    }

    @Test func roundTripStoresOnlyCiphertext() async throws {
        let (test, runtime, keyId) = try await runtimeWithKey()
        defer { test.removeFiles() }
        let owner = UUID()
        let object = try await runtime.services.sealer.store(SecretValue("client-secret-value-123"), owner: owner, purpose: .clientSecret)
        #expect(object.keyDescriptionId == keyId)
        #expect(object.nonce.count == 12)
        #expect(object.tag.count == 16)
        #expect(try await runtime.services.sealer.load(owner: owner, purpose: .clientSecret)?.revealed == "client-secret-value-123")
        #expect(try await runtime.services.sealer.load(owner: owner, purpose: .registrationAccessToken) == nil)
        let raw =
            try Data(contentsOf: URL(fileURLWithPath: test.databasePath))
            + ((try? Data(contentsOf: URL(fileURLWithPath: test.databasePath + "-wal"))) ?? Data())
        #expect(raw.range(of: Data("client-secret-value-123".utf8)) == nil)
    }

    @Test func movedCiphertextIsReportedAsTampering() async throws {
        let (test, runtime, _) = try await runtimeWithKey()
        defer { test.removeFiles() }
        let sealer = runtime.services.sealer
        let first = UUID()
        let second = UUID()
        try await sealer.store(SecretValue("first-secret"), owner: first, purpose: .clientSecret)
        try await sealer.store(SecretValue("second-secret"), owner: second, purpose: .clientSecret)
        try await sealer.store(SecretValue("first-token"), owner: first, purpose: .registrationAccessToken)
        try await runtime.sqlite.pool.write { db in
            // Give `second` the first object's ciphertext, nonce and tag.
            try db.execute(
                sql: """
                    UPDATE encrypted_object SET (nonce, tag, ciphertext) = (SELECT nonce || x'00', tag, ciphertext FROM encrypted_object WHERE owner_id = ? AND purpose = ?)
                    WHERE owner_id = ? AND purpose = ?
                    """,
                arguments: [
                    first.lowercasedText, EncryptionPurpose.clientSecret.rawValue, second.lowercasedText,
                    EncryptionPurpose.clientSecret.rawValue,
                ])
            try db.execute(
                sql: "UPDATE encrypted_object SET purpose = ? WHERE owner_id = ? AND purpose = ?",
                arguments: [
                    EncryptionPurpose.clientSecret.rawValue + "X", first.lowercasedText, EncryptionPurpose.registrationAccessToken.rawValue,
                ])
        }
        #expect(try await sealer.load(owner: first, purpose: .clientSecret)?.revealed == "first-secret")
        for (owner, purpose) in [
            (second, EncryptionPurpose.clientSecret), (first, EncryptionPurpose(rawValue: EncryptionPurpose.clientSecret.rawValue + "X")),
        ] {
            do {
                _ = try await sealer.load(owner: owner, purpose: purpose)
                Issue.record("a moved ciphertext opened")
            } catch let error as OBCError {
                #expect(error.kind == .tampering)
                #expect(error.detail.contains("failed authentication"))
            }
        }
    }

    @Test func theDatabaseRefusesAReusedNonce() async throws {
        let (test, runtime, keyId) = try await runtimeWithKey()
        defer { test.removeFiles() }
        let object = try await runtime.services.sealer.store(SecretValue("value"), owner: UUID(), purpose: .clientSecret)
        var copy = object
        copy.id = UUID()
        copy.ownerId = UUID()
        copy.keyDescriptionId = keyId
        await #expect(throws: EncryptedObjectStoreError.self) { try await runtime.store.encryptedObjects.insert(copy) }
        // The constraint holds for any writer, not just this code path.
        await #expect(throws: DatabaseError.self) {
            try await runtime.sqlite.pool.write { db in
                try db.execute(
                    sql:
                        "INSERT INTO encrypted_object SELECT ?, owner_id, purpose, encryption_key_description_id, nonce, tag, ciphertext, created, modified, 0 FROM encrypted_object",
                    arguments: [UUID().lowercasedText])
            }
        }
    }

    @Test func missingKeyIsAClearError() async throws {
        let test = try TestRuntime(environment: fixture.environment)
        defer { test.removeFiles() }
        let runtime = try test.makeRuntime()
        do {
            try await runtime.services.sealer.store(SecretValue("x"), owner: UUID(), purpose: .clientSecret)
            Issue.record("stored without a key")
        } catch let error as OBCError {
            #expect(error.kind == .misconfigured)
            #expect(error.detail.contains("No encryption key is configured"))
        }
        // One description and no current setting: the only key is current.
        let only = try await runtime.services.encryptionKeyDescriptions.create(
            .init(key: SecretDescription(name: "OpenBankingConnector:Keys:Encryption:Key1")))
        #expect(try await runtime.services.sealer.store(SecretValue("x"), owner: UUID(), purpose: .clientSecret).keyDescriptionId == only.id)
        // Two and none current: the caller must choose.
        _ = try await runtime.services.encryptionKeyDescriptions.create(
            .init(key: SecretDescription(name: "OpenBankingConnector:Keys:Encryption:Key2")))
        await #expect(throws: OBCError.self) { try await runtime.services.sealer.store(SecretValue("x"), owner: UUID(), purpose: .clientSecret) }
    }

    @Test func aKeyThatChangedOrDisappearedIsReported() async throws {
        let (test, runtime, _) = try await runtimeWithKey()
        defer { test.removeFiles() }
        let owner = UUID()
        try await runtime.services.sealer.store(SecretValue("secret"), owner: owner, purpose: .clientSecret)

        var changed = fixture.environment
        changed["OpenBankingConnector__Keys__Encryption__Key1"] = TestPKI.encryptionKey()
        let wrongKey = try test.reopened(environment: changed).makeRuntime()
        do {
            _ = try await wrongKey.services.sealer.load(owner: owner, purpose: .clientSecret)
            Issue.record("opened with a different key")
        } catch let error as OBCError {
            #expect(error.kind == .tampering)
        }

        var missing = fixture.environment
        missing.removeValue(forKey: "OpenBankingConnector__Keys__Encryption__Key1")
        let noKey = try test.reopened(environment: missing).makeRuntime()
        do {
            _ = try await noKey.services.sealer.load(owner: owner, purpose: .clientSecret)
            Issue.record("opened without its key")
        } catch let error as OBCError {
            #expect(error.kind == .misconfigured)
            #expect(error.detail.contains("OpenBankingConnector:Keys:Encryption:Key1"))
        }
    }

    @Test func rotationReencryptsEverythingWithFreshNonces() async throws {
        let (test, runtime, oldKey) = try await runtimeWithKey()
        defer { test.removeFiles() }
        let sealer = runtime.services.sealer
        var owners: [UUID] = []
        for index in 0..<250 {
            let owner = UUID()
            owners.append(owner)
            try await sealer.store(SecretValue("secret-\(index)"), owner: owner, purpose: .clientSecret)
        }
        let oldNonces = Set(try await runtime.store.encryptedObjects.batch(after: nil, notSealedWith: nil, limit: 1000).objects.map(\.nonce))
        let newKey = try await runtime.services.encryptionKeyDescriptions.create(
            .init(key: SecretDescription(name: "OpenBankingConnector:Keys:Encryption:Key2"), setAsCurrent: true))
        let progress = ProgressLog()
        let summary = try await runtime.services.keyRotation.rotate(batchSize: 40) { progress.add($0.done) }
        #expect(summary.objects == 250)
        #expect(summary.failures.isEmpty)
        #expect(progress.values.last == 250)
        #expect(progress.values.count == 1 + 7)
        let counts = try await runtime.store.encryptedObjects.countByKey()
        #expect(counts[newKey.id] == 250)
        #expect(counts[oldKey] == nil)
        let after = try await runtime.store.encryptedObjects.batch(after: nil, notSealedWith: nil, limit: 1000).objects
        #expect(Set(after.map(\.nonce)).isDisjoint(with: oldNonces))
        for (index, owner) in owners.enumerated() {
            #expect(try await sealer.load(owner: owner, purpose: .clientSecret)?.revealed == "secret-\(index)")
        }
        #expect(try await runtime.services.keyRotation.rotate().objects == 0)
        let verification = try await runtime.services.keyRotation.verify()
        #expect(verification.objects == 250)
        #expect(verification.failures.isEmpty)
    }
}

extension EncryptionTests {
    /// The compare-and-swap that protects a row read ahead of the writer: a row whose nonce is
    /// no longer the one read (another process wrote it meanwhile) is left alone.
    @Test func resealWritesOnlyARowStillHoldingTheNonceItRead() async throws {
        let (test, runtime, oldKey) = try await runtimeWithKey()
        defer { test.removeFiles() }
        let stored = try await runtime.services.sealer.store(SecretValue("client-secret"), owner: UUID(), purpose: .clientSecret)
        let newKey = try await runtime.services.encryptionKeyDescriptions.create(
            .init(key: SecretDescription(name: "OpenBankingConnector:Keys:Encryption:Key2"), setAsCurrent: true))
        let (_, key2) = try await runtime.services.sealer.currentKey()
        let key1 = try await runtime.services.sealer.key(for: oldKey)
        let resealed = try SecretSealer.reseal(stored, openingWith: key1, to: newKey.id, key: key2, nonce: .init(), modified: Date())
        let rowid = try #require(
            try await runtime.sqlite.pool.read { db in
                try Int64.fetchOne(db, sql: "SELECT rowid FROM encrypted_object WHERE id = ?", arguments: [stored.id.lowercasedText])
            })
        let stale = try await runtime.sqlite.pool.write { db in
            try ResealUpdate(db, key: newKey.id).write(db, resealed, rowid: rowid, previousNonce: Data(repeating: 7, count: 12))
        }
        #expect(!stale)
        #expect(try await runtime.store.encryptedObjects.countByKey() == [oldKey: 1])
        let current = try await runtime.sqlite.pool.write { db in
            try ResealUpdate(db, key: newKey.id).write(db, resealed, rowid: rowid, previousNonce: stored.nonce)
        }
        #expect(current)
        #expect(try await runtime.store.encryptedObjects.countByKey() == [newKey.id: 1])
        #expect(try await runtime.services.sealer.load(owner: stored.ownerId, purpose: .clientSecret)?.revealed == "client-secret")
    }

    /// Re-sealing turns foreign keys off for its transaction only, checks its one key instead,
    /// and leaves the writer enforcing them again.
    @Test func resealChecksItsKeyAndRestoresForeignKeys() async throws {
        let (test, runtime, _) = try await runtimeWithKey()
        defer { test.removeFiles() }
        try await runtime.services.sealer.store(SecretValue("secret"), owner: UUID(), purpose: .clientSecret)
        let unknownKey = UUID()
        await #expect(throws: OBCError.self) {
            _ = try await runtime.store.encryptedObjects.reseal(notSealedWith: unknownKey, after: nil, limit: 10) { object, _ in .success(object) }
        }
        _ = try await runtime.services.encryptionKeyDescriptions.create(
            .init(key: SecretDescription(name: "OpenBankingConnector:Keys:Encryption:Key2"), setAsCurrent: true))
        #expect(try await runtime.services.keyRotation.rotate().objects == 1)
        #expect(try await runtime.sqlite.pool.write { db in try Int.fetchOne(db, sql: "PRAGMA foreign_keys") } == 1)
        let dangling = try SecretSealer.seal(
            Data("x".utf8), id: UUID(), owner: UUID(), purpose: .clientSecret, keyId: unknownKey,
            key: try await runtime.services.sealer.currentKey().1, created: Date(), modified: Date())
        await #expect(throws: OBCError.self) { try await runtime.store.encryptedObjects.insert(dangling) }
        #expect(try await runtime.sqlite.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") } == SQLiteStore.pageSize)
    }

    /// An object that cannot be opened is listed once and left under its old key; the
    /// rotation does not walk the table again for it.
    @Test func rotationListsAnObjectThatDoesNotOpenAndFinishes() async throws {
        let (test, runtime, oldKey) = try await runtimeWithKey()
        defer { test.removeFiles() }
        for index in 0..<30 {
            try await runtime.services.sealer.store(SecretValue("secret-\(index)"), owner: UUID(), purpose: .clientSecret)
        }
        let damaged = try await runtime.services.sealer.store(SecretValue("damaged"), owner: UUID(), purpose: .clientSecret)
        try await runtime.sqlite.pool.write { db in
            try db.execute(sql: "UPDATE encrypted_object SET tag = zeroblob(16) WHERE id = ?", arguments: [damaged.id.lowercasedText])
        }
        let newKey = try await runtime.services.encryptionKeyDescriptions.create(
            .init(key: SecretDescription(name: "OpenBankingConnector:Keys:Encryption:Key2"), setAsCurrent: true))
        let summary = try await runtime.services.keyRotation.rotate(batchSize: 7)
        #expect(summary.objects == 30)
        #expect(summary.failures.count == 1)
        #expect(summary.failures.first?.contains(damaged.id.lowercasedText) == true)
        #expect(try await runtime.store.encryptedObjects.countByKey() == [newKey.id: 30, oldKey: 1])
    }
}

final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Int] = []
    func add(_ value: Int) { lock.withLock { storage.append(value) } }
    var values: [Int] { lock.withLock { storage } }
}

extension OBCRuntime {
    /// These tests reach under the store port to damage rows on purpose.
    fileprivate var sqlite: SQLiteStore {
        get throws {
            guard let store = store as? SQLiteStore else { throw FixtureError(message: "this runtime's store is not SQLite") }
            return store
        }
    }
}
