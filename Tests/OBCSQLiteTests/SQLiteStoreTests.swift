import Foundation
import GRDB
import OBCCore
import OBCPluginAPI
import OBCTestSupport
import Testing

@testable import OBCSQLite

@Suite("The SQLite store on a real file")
struct SQLiteStoreTests {
    func temporaryPath() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("obc-sqlite-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("store.sqlite").path
    }

    func certificate(_ name: String = "ObWac") -> ObWacCertificate {
        ObWacCertificate(
            metadata: RecordMetadata(reference: "ref", created: Date(timeIntervalSince1970: 1_700_000_000.123456), createdBy: "me"),
            associatedKey: SecretDescription(source: .configuration, name: "OpenBankingConnector:Keys:\(name)"),
            certificate: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
        )
    }

    @Test func recordsSurviveReopeningTheFile() async throws {
        let path = try temporaryPath()
        let record = certificate()
        do {
            let store = try SQLiteStore(path: path)
            try await store.obWacCertificates.insert(record)
            try store.close()
        }
        let reopened = try SQLiteStore(path: path)
        let found = try #require(try await reopened.obWacCertificates.find(id: record.id))
        #expect(found == record)
        #expect(try await reopened.obWacCertificates.list().count == 1)
    }

    @Test func fileIsOwnerOnlyInWALModeAndMigrated() async throws {
        let path = try temporaryPath()
        let store = try SQLiteStore(path: path)
        try await store.obWacCertificates.insert(certificate())
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let journal = try await store.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
        let migrations = try await store.pool.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(migrations.contains("v1-management-records"))
    }

    @Test func softDeleteKeepsTheRowAndRecordsWhenAndBy() async throws {
        let store = try SQLiteStore(path: try temporaryPath())
        let record = certificate()
        try await store.obWacCertificates.insert(record)
        let when = Date(timeIntervalSince1970: 1_800_000_000)
        try await store.obWacCertificates.softDelete(id: record.id, at: when, by: "operator")
        #expect(try await store.obWacCertificates.find(id: record.id) == nil)
        let row = try store.pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM ob_wac_certificate WHERE id = ?", arguments: [record.id.lowercasedText])
        }
        let stored = try #require(row)
        #expect(stored["is_deleted"] == true)
        #expect(stored["is_deleted_modified"] == when.timeIntervalSince1970)
        #expect(stored["is_deleted_modified_by"] == "operator")
        #expect(stored["associated_key"] == #"{"Name":"OpenBankingConnector:Keys:ObWac","Source":"Configuration"}"#)
        await #expect(throws: OBCError.self) { try await store.obWacCertificates.softDelete(id: record.id, at: when, by: nil) }
    }

    @Test func referencesAreEnforcedInBothDirections() async throws {
        let store = try SQLiteStore(path: try temporaryPath())
        let wac = certificate()
        try await store.obWacCertificates.insert(wac)
        let statement = SoftwareStatement(
            metadata: RecordMetadata(), organisationId: "org", softwareId: "sw", sandboxEnvironment: false,
            defaultObWacCertificateId: wac.id, defaultObSealCertificateId: UUID(),
            defaultQueryRedirectUrl: "https://a.example/q", defaultFragmentRedirectUrl: "https://a.example/f", modified: Date())
        do {
            try await store.softwareStatements.insert(statement)
            Issue.record("insert with a missing OBSeal certificate succeeded")
        } catch let error as OBCError {
            #expect(error.kind == .invalidRequest)
            #expect(error.field == "DefaultObSealCertificateId")
        }
        #expect(try await store.softwareStatements.list().isEmpty)
    }

    @Test func currentEncryptionKeyMustExist() async throws {
        let store = try SQLiteStore(path: try temporaryPath())
        #expect(try await store.settings.currentEncryptionKeyId() == nil)
        await #expect(throws: OBCError.self) { try await store.settings.setCurrentEncryptionKeyId(UUID()) }
        let key = EncryptionKeyDescription(metadata: RecordMetadata(), key: SecretDescription(name: "k"))
        try await store.encryptionKeyDescriptions.insert(key)
        try await store.settings.setCurrentEncryptionKeyId(key.id)
        #expect(try await store.settings.currentEncryptionKeyId() == key.id)
    }

    @Test func unwritableLocationIsAClearError() throws {
        #expect(throws: OBCError.self) { try SQLiteStore(path: "/nonexistent-folder-\(UUID().uuidString)/obc.sqlite") }
    }
}
