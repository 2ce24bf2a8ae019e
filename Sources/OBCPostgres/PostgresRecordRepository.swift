import Foundation
import Logging
import OBCCore
import OBCPluginAPI
import PostgresNIO

/// One repository for every mapped record type. A write share-locks the live rows it points
/// at and a soft delete locks its row before counting referrers, so a reference check and a
/// concurrent delete cannot both succeed: one waits for the other and sees its result.
struct PostgresRecordRepository<Record: PostgresMappedRecord>: RecordRepository {
    let client: PostgresDatabase
    let logger: Logger

    /// One statement (one round trip): the live rows the record points at are share-locked in a
    /// common table expression and the row is inserted only when all of them were found; the
    /// first one missing is the caller's fault, as before.
    func insert(_ record: Record) async throws {
        let columns = record.metadata.postgresColumns + record.columnValues
        var binds = PostgresBindings()
        for column in columns { binds.append(column.1) }
        let marks = (1...columns.count).map { "$\($0)" }.joined(separator: ", ")
        let insert = "INSERT INTO \(Record.table) (\(columns.map(\.0).joined(separator: ", ")))"
        let targets = Self.referenceTargets(of: record)
        guard !targets.isEmpty else {
            try await client.query(PostgresQuery(unsafeSQL: "\(insert) VALUES (\(marks))", binds: binds), logger: logger)
            return
        }
        for target in targets { binds.append(target.id) }
        let checks = targets.indices.map { index in
            "EXISTS (SELECT 1 FROM \(targets[index].table) WHERE id = $\(columns.count + index + 1) AND NOT is_deleted FOR SHARE) AS found\(index)"
        }
        let sql = """
            WITH refs AS (SELECT \(checks.joined(separator: ", "))),
            inserted AS (\(insert) SELECT \(marks) FROM refs WHERE \(targets.indices.map { "found\($0)" }.joined(separator: " AND ")) RETURNING 1)
            SELECT * FROM refs
            """
        let found = try await client.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).collect { row in
            try targets.indices.map { try row.decode("found\($0)", as: Bool.self) }
        }
        if let missing = found.first?.firstIndex(of: false) { throw targets[missing].fault }
    }

    func find(id: UUID) async throws -> Record? {
        try await client.query("SELECT * FROM \(unescaped: Record.table) WHERE id = \(id) AND NOT is_deleted", logger: logger)
            .collect(Self.decode).first
    }

    func list() async throws -> [Record] {
        try await client.query("SELECT * FROM \(unescaped: Record.table) WHERE NOT is_deleted ORDER BY created, id", logger: logger)
            .collect(Self.decode)
    }

    func update(_ record: Record) async throws {
        try await client.transaction(logger: logger) { connection in
            try await Self.lockReferences(of: record, on: connection, logger: logger)
            let columns = record.columnValues
            var binds = PostgresBindings()
            for column in columns { binds.append(column.1) }
            binds.append(record.id)
            let assignments = columns.enumerated().map { "\($0.element.0) = $\($0.offset + 1)" }.joined(separator: ", ")
            let sql = "UPDATE \(Record.table) SET \(assignments) WHERE id = $\(columns.count + 1) AND NOT is_deleted RETURNING id"
            let updated = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).collect { _ in 1 }
            guard !updated.isEmpty else { throw OBCError.notFound(Record.kind, id: record.id) }
        }
    }

    func softDelete(id: UUID, at date: Date, by deletedBy: String?) async throws {
        try await client.transaction(logger: logger) { connection in
            let locked = try await connection.query(
                "SELECT id FROM \(unescaped: Record.table) WHERE id = \(id) AND NOT is_deleted FOR UPDATE", logger: logger
            ).collect { _ in 1 }
            guard !locked.isEmpty else { throw OBCError.notFound(Record.kind, id: id) }
            try await Self.requireNoLiveReferrers(to: id, on: connection, logger: logger)
            try await connection.query(
                """
                UPDATE \(unescaped: Record.table) SET is_deleted = true, is_deleted_modified = \(date), is_deleted_modified_by = \(deletedBy)
                WHERE id = \(id)
                """, logger: logger)
        }
    }

    static func decode(_ row: PostgresRecordRow) throws -> Record {
        try Record(row: row, metadata: RecordMetadata(postgres: row))
    }

    /// The live records this one points at, each with the fault its absence is.
    static func referenceTargets(of record: Record) -> [(table: String, id: UUID, fault: OBCError)] {
        let values = Dictionary(record.columnValues.map { ($0.0, $0.1) }) { first, _ in first }
        var targets: [(table: String, id: UUID, fault: OBCError)] = []
        for reference in Record.references {
            guard let table = RecordSchema.tables[reference.target], case .uuid(let id?)? = values[reference.column] else { continue }
            targets.append(
                (table, id, OBCError.invalid(reference.field, "no \(reference.target.rawValue) record with ID \(id.lowercasedText) exists.")))
        }
        if Record.kind == .bankRegistration, case .uuid(let client?)? = values["bank_client_id"] {
            // The shared client may have been retired by a concurrent DELETE of its last user.
            targets.append(
                (
                    "bank_client", client,
                    OBCError.conflict(
                        "The bank client \(client.lowercasedText) was removed by a concurrent delete of its last registration; send the request again to register afresh."
                    )
                ))
        }
        return targets
    }

    /// Share-locks each live record this one points at; a missing one is the caller's fault.
    static func lockReferences(of record: Record, on connection: PostgresConnection, logger: Logger) async throws {
        for target in referenceTargets(of: record) {
            let rows = try await connection.query(
                "SELECT 1 FROM \(unescaped: target.table) WHERE id = \(target.id) AND NOT is_deleted FOR SHARE", logger: logger
            ).collect { _ in 1 }
            if rows.isEmpty { throw target.fault }
        }
    }

    static func requireNoLiveReferrers(to id: UUID, on connection: PostgresConnection, logger: Logger) async throws {
        for referrer in RecordSchema.referrers(to: Record.kind) {
            let condition = "\(referrer.column) = $1 AND NOT is_deleted"
            var binds = PostgresBindings()
            binds.append(id)
            let examples = try await connection.query(
                PostgresQuery(
                    unsafeSQL: "SELECT id, COUNT(*) OVER () AS n FROM \(referrer.table) WHERE \(condition) ORDER BY created LIMIT 5", binds: binds),
                logger: logger
            ).collect { row in (try row.uuid("id").lowercasedText, try row.decode("n", as: Int.self)) }
            guard let count = examples.first?.1 else { continue }
            let more = count > examples.count ? ", …" : ""
            throw OBCError.conflict(
                "\(Record.kind.rawValue) \(id.lowercasedText) is still used by \(count) live \(referrer.kind.rawValue) record(s) (\(examples.map(\.0).joined(separator: ", "))\(more)) through \(referrer.field); delete, update or re-encrypt them first."
            )
        }
    }
}

/// The singleton settings row.
struct PostgresSettingsRepository: SettingsRepository {
    let client: PostgresDatabase
    let logger: Logger

    func currentEncryptionKeyId() async throws -> UUID? {
        let rows = try await client.query("SELECT current_encryption_key_description_id FROM settings WHERE id = 1", logger: logger)
        return try rows.first?.decode(UUID?.self) ?? nil
    }

    func setCurrentEncryptionKeyId(_ id: UUID) async throws {
        try await client.transaction(logger: logger) { connection in
            let live = try await connection.query(
                "SELECT 1 FROM encryption_key_description WHERE id = \(id) AND NOT is_deleted FOR SHARE", logger: logger
            ).collect { _ in 1 }
            guard !live.isEmpty else { throw OBCError.notFound(.encryptionKeyDescription, id: id) }
            try await connection.query(
                """
                INSERT INTO settings (id, current_encryption_key_description_id, modified) VALUES (1, \(id), \(Date()))
                ON CONFLICT (id) DO UPDATE SET current_encryption_key_description_id = excluded.current_encryption_key_description_id,
                modified = excluded.modified
                """, logger: logger)
        }
    }
}
