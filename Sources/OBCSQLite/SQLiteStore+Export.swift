import Foundation
import GRDB
import OBCCore

extension SQLiteStore {
    public func exportRecords() async throws -> StoreSnapshot {
        try await pool.read { db in
            var snapshot = StoreSnapshot()
            snapshot.obWacCertificates = try Self.all(ObWacCertificate.self, db)
            snapshot.obSealCertificates = try Self.all(ObSealCertificate.self, db)
            snapshot.softwareStatements = try Self.all(SoftwareStatement.self, db)
            snapshot.encryptionKeyDescriptions = try Self.all(EncryptionKeyDescription.self, db)
            snapshot.bankRegistrations = try Self.all(BankRegistration.self, db)
            snapshot.currentEncryptionKeyId = try String.fetchOne(db, sql: "SELECT current_encryption_key_description_id FROM settings WHERE id = 1")
                .flatMap(UUID.init(uuidString:))
            snapshot.bankClients = try Row.fetchAll(db, sql: "SELECT * FROM bank_client ORDER BY created, id").map { row in
                let deleted: Date? = (row["is_deleted"] as Bool? ?? false) ? row.date("is_deleted_modified") ?? Date() : nil
                return (client: try BankClient(row: row), deleted: deleted)
            }
            return snapshot
        }
    }

    static func all<Record: SQLiteMappedRecord>(_ type: Record.Type, _ db: Database) throws -> [Record] {
        try Row.fetchAll(db, sql: "SELECT * FROM \(Record.table) ORDER BY created, id").map(SQLiteRecordRepository<Record>.decode)
    }
}
