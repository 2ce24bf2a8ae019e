import Foundation
import GRDB
import OBCCore
import OBCPluginAPI

extension SQLiteStore {
    /// Takes over another store's records (`obc db copy --to-provider Sqlite`) in one transaction,
    /// keeping ids, metadata and deleted flags; refuses a file that already holds records.
    public func importRecords(_ snapshot: StoreSnapshot) async throws {
        try await pool.write { db in
            let existing =
                try Int.fetchOne(
                    db, sql: "SELECT (SELECT COUNT(*) FROM encryption_key_description) + (SELECT COUNT(*) FROM encrypted_object)") ?? 0
            guard existing == 0 else {
                throw OBCError.conflict("The target database already holds records; copy into an empty, migrated database.")
            }
            try Self.insert(snapshot.obWacCertificates, db)
            try Self.insert(snapshot.obSealCertificates, db)
            try Self.insert(snapshot.softwareStatements, db)
            try Self.insert(snapshot.encryptionKeyDescriptions, db)
            for (client, deleted) in snapshot.bankClients {
                let columns = SQLiteBankClientRepository.columns + ["is_deleted", "is_deleted_modified"]
                let values = SQLiteBankClientRepository.values(client) + [deleted != nil, deleted?.timeIntervalSince1970]
                try Self.insertRow(table: "bank_client", columns: columns, values: values, db)
            }
            try Self.insert(snapshot.bankRegistrations, db)
            if let current = snapshot.currentEncryptionKeyId {
                try db.execute(
                    sql: "INSERT INTO settings (id, current_encryption_key_description_id, modified) VALUES (1, ?, ?)",
                    arguments: [current.databaseText, Date().timeIntervalSince1970])
            }
        }
    }

    static func insert<Record: SQLiteMappedRecord>(_ records: [Record], _ db: Database) throws {
        for record in records {
            let columns = record.metadata.columnValues + record.columnValues
            try insertRow(table: Record.table, columns: columns.map(\.0), values: columns.map(\.1), db)
        }
    }

    static func insertRow(table: String, columns: [String], values: [(any DatabaseValueConvertible)?], _ db: Database) throws {
        let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        try db.execute(
            sql: "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(marks))", arguments: StatementArguments(values))
    }
}
