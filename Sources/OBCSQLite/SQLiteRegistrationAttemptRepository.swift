import Foundation
import GRDB
import OBCCore

/// DCR attempts in `registration_attempt`.
struct SQLiteRegistrationAttemptRepository: RegistrationAttemptRepository {
    let pool: SQLiteDatabase

    func record(_ attempt: RegistrationAttempt) async throws {
        try await pool.write { db in
            try db.execute(
                cached: """
                    INSERT INTO registration_attempt (id, bank_client_id, bank_profile, software_statement_id, bank_group, registration_group,
                    jwt_id, attempted_at, instance_id, host_name, process_id, interrupted_at, cause, external_api_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    attempt.id.databaseText, attempt.bankClientId.databaseText, attempt.bankProfile, attempt.softwareStatementId.databaseText,
                    attempt.bankGroup, attempt.registrationGroup, attempt.jwtId, attempt.attemptedAt.timeIntervalSince1970,
                    attempt.instanceId.databaseText, attempt.hostName, attempt.processId, attempt.interruptedAt?.timeIntervalSince1970,
                    attempt.cause?.rawValue, attempt.externalApiId,
                ])
        }
    }

    func finish(id: UUID) async throws {
        try await pool.write { db in
            try db.execute(cached: "DELETE FROM registration_attempt WHERE id = ? AND interrupted_at IS NULL", arguments: [id.databaseText])
        }
    }

    func interrupt(bankClientId: UUID, at date: Date) async throws -> [RegistrationAttempt] {
        try await pool.write { db in
            let pending = "bank_client_id = ? AND interrupted_at IS NULL"
            let rows = try Row.fetchAll(
                cached: db, sql: "SELECT * FROM registration_attempt WHERE \(pending) ORDER BY attempted_at", arguments: [bankClientId.databaseText])
            try db.execute(
                cached: "UPDATE registration_attempt SET interrupted_at = ?, cause = ? WHERE \(pending)",
                arguments: [date.timeIntervalSince1970, RegistrationAttempt.Cause.ownerGone.rawValue, bankClientId.databaseText])
            return try rows.map { row in
                var attempt = try Self.attempt(row)
                (attempt.interruptedAt, attempt.cause) = (date, .ownerGone)
                return attempt
            }
        }
    }

    func learn(id: UUID, externalApiId: String) async throws {
        try await pool.write { db in
            try db.execute(
                cached: "UPDATE registration_attempt SET external_api_id = ? WHERE id = ? AND interrupted_at IS NULL",
                arguments: [externalApiId, id.databaseText])
        }
    }

    func interrupt(id: UUID, cause: RegistrationAttempt.Cause, at date: Date) async throws {
        try await pool.write { db in
            try db.execute(
                cached: "UPDATE registration_attempt SET interrupted_at = ?, cause = ? WHERE id = ? AND interrupted_at IS NULL",
                arguments: [date.timeIntervalSince1970, cause.rawValue, id.databaseText])
        }
    }

    func resolve(id: UUID) async throws -> RegistrationAttempt? {
        try await pool.write { db in
            let row = try Row.fetchOne(
                cached: db, sql: "SELECT * FROM registration_attempt WHERE id = ? AND interrupted_at IS NOT NULL", arguments: [id.databaseText])
            try db.execute(cached: "DELETE FROM registration_attempt WHERE id = ? AND interrupted_at IS NOT NULL", arguments: [id.databaseText])
            return try row.map(Self.attempt)
        }
    }

    func listInterrupted() async throws -> [RegistrationAttempt] {
        try await pool.read { db in
            try Row.fetchAll(cached: db, sql: "SELECT * FROM registration_attempt WHERE interrupted_at IS NOT NULL ORDER BY attempted_at").map(
                Self.attempt)
        }
    }

    static func attempt(_ row: Row) throws -> RegistrationAttempt {
        RegistrationAttempt(
            id: try row.uuid("id"), bankClientId: try row.uuid("bank_client_id"), bankProfile: row["bank_profile"],
            softwareStatementId: try row.uuid("software_statement_id"), bankGroup: row["bank_group"], registrationGroup: row["registration_group"],
            jwtId: row["jwt_id"], attemptedAt: row.date("attempted_at") ?? Date(timeIntervalSince1970: 0), instanceId: try row.uuid("instance_id"),
            hostName: row["host_name"], processId: row["process_id"], interruptedAt: row.date("interrupted_at"),
            cause: (row["cause"] as String?).flatMap(RegistrationAttempt.Cause.init(rawValue:)), externalApiId: row["external_api_id"])
    }
}
