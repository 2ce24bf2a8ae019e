import Foundation
import Logging
import OBCCore
import PostgresNIO

/// DCR attempts in `registration_attempt`.
struct PostgresRegistrationAttemptRepository: RegistrationAttemptRepository {
    let client: PostgresDatabase
    let logger: Logger

    func record(_ attempt: RegistrationAttempt) async throws {
        try await client.query(
            """
            INSERT INTO registration_attempt (id, bank_client_id, bank_profile, software_statement_id, bank_group, registration_group, jwt_id,
            attempted_at, instance_id, host_name, process_id, interrupted_at, cause, external_api_id) VALUES (\(attempt.id),
            \(attempt.bankClientId), \(attempt.bankProfile), \(attempt.softwareStatementId), \(attempt.bankGroup), \(attempt.registrationGroup),
            \(attempt.jwtId), \(attempt.attemptedAt), \(attempt.instanceId), \(attempt.hostName), \(attempt.processId), \(attempt.interruptedAt),
            \(attempt.cause?.rawValue), \(attempt.externalApiId))
            """, logger: logger)
    }

    func finish(id: UUID) async throws {
        try await client.query("DELETE FROM registration_attempt WHERE id = \(id) AND interrupted_at IS NULL", logger: logger)
    }

    func interrupt(bankClientId: UUID, at date: Date) async throws -> [RegistrationAttempt] {
        try await client.query(
            """
            UPDATE registration_attempt SET interrupted_at = \(date), cause = \(RegistrationAttempt.Cause.ownerGone.rawValue)
            WHERE bank_client_id = \(bankClientId) AND interrupted_at IS NULL RETURNING *
            """, logger: logger
        ).collect(Self.attempt).sorted { $0.attemptedAt < $1.attemptedAt }
    }

    func learn(id: UUID, externalApiId: String) async throws {
        try await client.query(
            "UPDATE registration_attempt SET external_api_id = \(externalApiId) WHERE id = \(id) AND interrupted_at IS NULL", logger: logger)
    }

    func interrupt(id: UUID, cause: RegistrationAttempt.Cause, at date: Date) async throws {
        try await client.query(
            "UPDATE registration_attempt SET interrupted_at = \(date), cause = \(cause.rawValue) WHERE id = \(id) AND interrupted_at IS NULL",
            logger: logger)
    }

    func resolve(id: UUID) async throws -> RegistrationAttempt? {
        try await client.query(
            "DELETE FROM registration_attempt WHERE id = \(id) AND interrupted_at IS NOT NULL RETURNING *", logger: logger
        ).collect(Self.attempt).first
    }

    func listInterrupted() async throws -> [RegistrationAttempt] {
        try await client.query(
            "SELECT * FROM registration_attempt WHERE interrupted_at IS NOT NULL ORDER BY attempted_at", logger: logger
        ).collect(Self.attempt)
    }

    static func attempt(_ row: PostgresRecordRow) throws -> RegistrationAttempt {
        RegistrationAttempt(
            id: try row.uuid("id"), bankClientId: try row.uuid("bank_client_id"), bankProfile: try row.string("bank_profile"),
            softwareStatementId: try row.uuid("software_statement_id"), bankGroup: try row.string("bank_group"),
            registrationGroup: try row.string("registration_group"), jwtId: try row.string("jwt_id"), attemptedAt: try row.date("attempted_at"),
            instanceId: try row.uuid("instance_id"), hostName: try row.string("host_name"), processId: try row.decode("process_id", as: Int.self),
            interruptedAt: try row.optionalDate("interrupted_at"),
            cause: try row.optionalString("cause").flatMap(RegistrationAttempt.Cause.init(rawValue:)),
            externalApiId: try row.optionalString("external_api_id"))
    }
}
