import Foundation
import GRDB
import OBCCore
import OBCPluginAPI

/// One repository for every mapped record type. References are checked inside the write
/// transaction, so "certificate exists" and "insert statement" cannot be split by a delete.
struct SQLiteRecordRepository<Record: SQLiteMappedRecord>: RecordRepository {
    let pool: SQLiteDatabase

    func insert(_ record: Record) async throws {
        try await write { db in
            try Self.checkReferences(of: record, in: db)
            let columns = record.metadata.columnValues + record.columnValues
            let names = columns.map(\.0).joined(separator: ", ")
            let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
            try db.execute(
                cached: "INSERT INTO \(Record.table) (\(names)) VALUES (\(marks))",
                arguments: StatementArguments(columns.map(\.1))
            )
        }
    }

    func find(id: UUID) async throws -> Record? {
        try await pool.read { db in
            try Row.fetchOne(cached: db, sql: "SELECT * FROM \(Record.table) WHERE id = ? AND is_deleted = 0", arguments: [id.databaseText])
                .map(Self.decode)
        }
    }

    func list() async throws -> [Record] {
        try await pool.read { db in
            try Row.fetchAll(cached: db, sql: "SELECT * FROM \(Record.table) WHERE is_deleted = 0 ORDER BY created, id").map(Self.decode)
        }
    }

    func update(_ record: Record) async throws {
        try await write { db in
            try Self.checkReferences(of: record, in: db)
            let columns = record.columnValues
            let assignments = columns.map { "\($0.0) = ?" }.joined(separator: ", ")
            try db.execute(
                cached: "UPDATE \(Record.table) SET \(assignments) WHERE id = ? AND is_deleted = 0",
                arguments: StatementArguments(columns.map(\.1) + [record.id.databaseText])
            )
            guard db.changesCount == 1 else { throw OBCError.notFound(Record.kind, id: record.id) }
        }
    }

    func softDelete(id: UUID, at date: Date, by deletedBy: String?) async throws {
        try await write { db in
            guard
                try Bool.fetchOne(cached: db, sql: "SELECT 1 FROM \(Record.table) WHERE id = ? AND is_deleted = 0", arguments: [id.databaseText])
                    != nil
            else { throw OBCError.notFound(Record.kind, id: id) }
            try Self.requireNoLiveReferrers(to: id, in: db)
            try db.execute(
                cached: "UPDATE \(Record.table) SET is_deleted = 1, is_deleted_modified = ?, is_deleted_modified_by = ? WHERE id = ?",
                arguments: [date.timeIntervalSince1970, deletedBy, id.databaseText]
            )
        }
    }

    static func decode(_ row: Row) throws -> Record {
        try Record(row: row, metadata: RecordMetadata(row: row))
    }

    static func checkReferences(of record: Record, in db: Database) throws {
        let values = Dictionary(uniqueKeysWithValues: record.columnValues.map { ($0.0, $0.1) })
        for reference in Record.references {
            guard let table = RecordSchema.tables[reference.target], let value = values[reference.column] ?? nil else { continue }
            let exists = try Bool.fetchOne(cached: db, sql: "SELECT 1 FROM \(table) WHERE id = ? AND is_deleted = 0", arguments: [value]) != nil
            if !exists {
                throw OBCError.invalid(reference.field, "no \(reference.target.rawValue) record with ID \(value.databaseValue) exists.")
            }
        }
        if Record.kind == .bankRegistration, let client = values["bank_client_id"] ?? nil {
            // The shared client may have been retired by a concurrent DELETE of its last user.
            let live = try Bool.fetchOne(cached: db, sql: "SELECT 1 FROM bank_client WHERE id = ? AND is_deleted = 0", arguments: [client]) != nil
            if !live {
                throw OBCError.conflict(
                    "The bank client \(client.databaseValue) was removed by a concurrent delete of its last registration; send the request again to register afresh."
                )
            }
        }
    }

    static func requireNoLiveReferrers(to id: UUID, in db: Database) throws {
        for referrer in RecordSchema.referrers(to: Record.kind) {
            let condition = "\(referrer.column) = ? AND is_deleted = 0"
            let count =
                try Int.fetchOne(cached: db, sql: "SELECT COUNT(*) FROM \(referrer.table) WHERE \(condition)", arguments: [id.databaseText]) ?? 0
            guard count > 0 else { continue }
            let examples = try String.fetchAll(
                cached: db, sql: "SELECT id FROM \(referrer.table) WHERE \(condition) ORDER BY created LIMIT 5", arguments: [id.databaseText])
            let more = count > examples.count ? ", …" : ""
            throw OBCError.conflict(
                "\(Record.kind.rawValue) \(id.databaseText) is still used by \(count) live \(referrer.kind.rawValue) record(s) (\(examples.joined(separator: ", "))\(more)) through \(referrer.field); delete, update or re-encrypt them first."
            )
        }
    }

    private func write(_ body: @escaping @Sendable (Database) throws -> Void) async throws {
        try await pool.write(body)
    }
}

/// The singleton settings row.
struct SQLiteSettingsRepository: SettingsRepository {
    let pool: SQLiteDatabase

    func currentEncryptionKeyId() async throws -> UUID? {
        try await pool.read { db in
            try String.fetchOne(cached: db, sql: "SELECT current_encryption_key_description_id FROM settings WHERE id = 1")
                .flatMap(UUID.init(uuidString:))
        }
    }

    func setCurrentEncryptionKeyId(_ id: UUID) async throws {
        try await pool.write { db in
            let exists = try Bool.fetchOne(
                cached: db, sql: "SELECT 1 FROM encryption_key_description WHERE id = ? AND is_deleted = 0",
                arguments: [id.databaseText]
            )
            guard exists != nil else { throw OBCError.notFound(.encryptionKeyDescription, id: id) }
            try db.execute(
                cached: """
                    INSERT INTO settings (id, current_encryption_key_description_id, modified) VALUES (1, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET current_encryption_key_description_id = excluded.current_encryption_key_description_id,
                    modified = excluded.modified
                    """,
                arguments: [id.databaseText, Date().timeIntervalSince1970]
            )
        }
    }
}
