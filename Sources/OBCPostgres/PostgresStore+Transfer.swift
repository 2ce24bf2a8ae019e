import Foundation
import OBCCore
import OBCPluginAPI
import PostgresNIO

extension PostgresStore {
    public func exportRecords() async throws -> StoreSnapshot {
        var snapshot = StoreSnapshot()
        snapshot.obWacCertificates = try await all(ObWacCertificate.self)
        snapshot.obSealCertificates = try await all(ObSealCertificate.self)
        snapshot.softwareStatements = try await all(SoftwareStatement.self)
        snapshot.encryptionKeyDescriptions = try await all(EncryptionKeyDescription.self)
        snapshot.bankRegistrations = try await all(BankRegistration.self)
        snapshot.currentEncryptionKeyId = try await settings.currentEncryptionKeyId()
        snapshot.bankClients = try await database.bulk.query("SELECT * FROM bank_client ORDER BY created, id", logger: logger).collect { row in
            let deleted: Date? = try row.bool("is_deleted") ? (row.optionalDate("is_deleted_modified") ?? Date()) : nil
            return (client: try BankClient(postgres: row), deleted: deleted)
        }
        return snapshot
    }

    public func importRecords(_ snapshot: StoreSnapshot) async throws {
        try await database.bulk.transaction(logger: logger) { [self] connection in
            let existing = try await connection.query(
                "SELECT ((SELECT COUNT(*) FROM encryption_key_description) + (SELECT COUNT(*) FROM encrypted_object))::bigint AS n",
                logger: logger
            ).collect { try $0.decode("n", as: Int.self) }
            guard existing.first == 0 else {
                throw OBCError.conflict("The target database already holds records; copy into an empty, migrated database.")
            }
            try await insert(snapshot.obWacCertificates, on: connection)
            try await insert(snapshot.obSealCertificates, on: connection)
            try await insert(snapshot.softwareStatements, on: connection)
            try await insert(snapshot.encryptionKeyDescriptions, on: connection)
            for (bankClient, deleted) in snapshot.bankClients {
                let columns =
                    PostgresBankClientRepository.columns(bankClient) + [
                        ("is_deleted", .bool(deleted != nil)), ("is_deleted_modified", .date(deleted)),
                    ]
                try await insertRow(table: "bank_client", columns: columns, on: connection)
            }
            try await insert(snapshot.bankRegistrations, on: connection)
            if let current = snapshot.currentEncryptionKeyId {
                try await connection.query(
                    "INSERT INTO settings (id, current_encryption_key_description_id, modified) VALUES (1, \(current), \(Date()))", logger: logger)
            }
        }
    }

    func all<Record: PostgresMappedRecord>(_ type: Record.Type) async throws -> [Record] {
        try await database.bulk.query("SELECT * FROM \(unescaped: Record.table) ORDER BY created, id", logger: logger)
            .collect(PostgresRecordRepository<Record>.decode)
    }

    func insert<Record: PostgresMappedRecord>(_ records: [Record], on connection: PostgresConnection) async throws {
        for record in records {
            try await insertRow(table: Record.table, columns: record.metadata.postgresColumns + record.columnValues, on: connection)
        }
    }

    func insertRow(table: String, columns: [(String, PostgresValue)], on connection: PostgresConnection) async throws {
        var binds = PostgresBindings()
        for column in columns { binds.append(column.1) }
        let marks = (1...columns.count).map { "$\($0)" }.joined(separator: ", ")
        let sql = "INSERT INTO \(table) (\(columns.map(\.0).joined(separator: ", "))) VALUES (\(marks))"
        try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
    }
}
