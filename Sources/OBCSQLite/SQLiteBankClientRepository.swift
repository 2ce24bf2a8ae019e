import Foundation
import GRDB
import OBCCore
import OBCPluginAPI

/// Shared OAuth2 clients. Claiming is one write transaction against a partial unique index,
/// so at most one request, in any process, holds a registration group at a time; a pending
/// claim is taken over only when neither renewed nor held by an instance with a live heartbeat.
struct SQLiteBankClientRepository: BankClientRepository {
    let pool: SQLiteDatabase

    func claim(_ candidate: BankClient, owner: UUID, staleBefore: Date) async throws -> BankClientClaim {
        // The usual re-use first, as a read: an active client stays active until it is retired,
        // and the registration's insert checks in its own transaction that it still is live.
        if let active = try await activeClient(candidate.key) { return .active(active) }
        return try await pool.write { db in
            let key = candidate.key
            if let row = try Row.fetchOne(
                cached: db,
                sql: "SELECT * FROM bank_client WHERE software_statement_id = ? AND bank_group = ? AND registration_group = ? AND is_deleted = 0",
                arguments: [key.softwareStatementId.databaseText, key.bankGroup, key.registrationGroup])
            {
                let existing = try BankClient(row: row)
                if existing.state == .active { return .active(existing) }
                guard existing.claimedAt < staleBefore, try !Self.ownerIsLive(row["claim_instance_id"], at: candidate.claimedAt, db: db) else {
                    return .busy
                }
                // The holder stopped without finishing (crashed or killed): take the claim over.
                try db.execute(
                    cached: "UPDATE bank_client SET claimed_by = ?, claimed_at = ?, claim_instance_id = ? WHERE id = ?",
                    arguments: [
                        candidate.claimedBy.databaseText, candidate.claimedAt.timeIntervalSince1970, owner.databaseText, existing.id.databaseText,
                    ])
                var claimed = existing
                claimed.claimedBy = candidate.claimedBy
                claimed.claimedAt = candidate.claimedAt
                return .claimed(claimed)
            }
            try db.execute(
                cached:
                    "INSERT INTO bank_client (\(Self.columns.joined(separator: ", "))) VALUES (\(Self.columns.map { _ in "?" }.joined(separator: ", ")))",
                arguments: Self.arguments(candidate))
            try db.execute(
                cached: "UPDATE bank_client SET claim_instance_id = ? WHERE id = ?", arguments: [owner.databaseText, candidate.id.databaseText])
            return .claimed(candidate)
        }
    }

    /// The group's live client when it is active.
    func activeClient(_ key: BankClient.Key) async throws -> BankClient? {
        try await pool.read { db in
            try Row.fetchOne(
                cached: db,
                sql: """
                    SELECT * FROM bank_client WHERE software_statement_id = ? AND bank_group = ? AND registration_group = ? AND is_deleted = 0
                    AND state = ?
                    """,
                arguments: [key.softwareStatementId.databaseText, key.bankGroup, key.registrationGroup, BankClient.State.active.rawValue]
            ).map { try BankClient(row: $0) }
        }
    }

    /// Whether the instance holding a claim beat within three of its intervals before `date`.
    static func ownerIsLive(_ instanceId: String?, at date: Date, db: Database) throws -> Bool {
        guard let instanceId else { return false }
        let live = try Int.fetchOne(
            cached: db, sql: "SELECT COUNT(*) FROM instance_heartbeat WHERE instance_id = ? AND last_beat_at + beat_interval * ? >= ?",
            arguments: [instanceId, InstanceHeartbeat.missedBeatsAllowed, date.timeIntervalSince1970])
        return (live ?? 0) > 0
    }

    func renew(id: UUID, claimedBy: UUID, at date: Date) async throws {
        try await pool.write { db in
            try db.execute(
                cached: "UPDATE bank_client SET claimed_at = ? WHERE id = ? AND claimed_by = ? AND state = ?",
                arguments: [date.timeIntervalSince1970, id.databaseText, claimedBy.databaseText, BankClient.State.pending.rawValue])
        }
    }

    func find(id: UUID) async throws -> BankClient? {
        try await pool.read { db in
            try Row.fetchOne(cached: db, sql: "SELECT * FROM bank_client WHERE id = ?", arguments: [id.databaseText]).map { try BankClient(row: $0) }
        }
    }

    func activate(_ client: BankClient) async throws {
        try await pool.write { db in
            let assignments = Self.columns.dropFirst().map { "\($0) = ?" }.joined(separator: ", ")
            var active = client
            active.state = .active
            var arguments = StatementArguments(Array(Self.values(active).dropFirst()))
            arguments += [client.id.databaseText, client.claimedBy.databaseText]
            try db.execute(cached: "UPDATE bank_client SET \(assignments) WHERE id = ? AND claimed_by = ? AND is_deleted = 0", arguments: arguments)
            guard db.changesCount == 1 else {
                throw OBCError(.conflict, "The claim on registration group \(client.key.registrationGroup) was taken over by another request.")
            }
        }
    }

    func release(id: UUID, claimedBy: UUID) async throws {
        try await pool.write { db in
            try db.execute(
                cached: "DELETE FROM bank_client WHERE id = ? AND claimed_by = ? AND state = ?",
                arguments: [id.databaseText, claimedBy.databaseText, BankClient.State.pending.rawValue])
        }
    }

    func softDelete(id: UUID, at date: Date) async throws {
        try await pool.write { db in
            try db.execute(
                cached: "UPDATE bank_client SET is_deleted = 1, is_deleted_modified = ? WHERE id = ?",
                arguments: [date.timeIntervalSince1970, id.databaseText])
        }
    }

    func removeRegistration(_ registrationId: UUID, clientId: UUID, at date: Date, by deletedBy: String?) async throws -> BankClientRemoval {
        try await pool.write { db in
            try db.execute(
                cached: """
                    UPDATE bank_registration SET is_deleted = 1, is_deleted_modified = ?, is_deleted_modified_by = ?
                    WHERE id = ? AND bank_client_id = ? AND is_deleted = 0
                    """,
                arguments: [date.timeIntervalSince1970, deletedBy, registrationId.databaseText, clientId.databaseText])
            guard db.changesCount == 1 else { throw OBCError.notFound(.bankRegistration, id: registrationId) }
            let others =
                try Int.fetchOne(
                    cached: db, sql: "SELECT COUNT(*) FROM bank_registration WHERE bank_client_id = ? AND is_deleted = 0",
                    arguments: [clientId.databaseText])
                ?? 0
            guard others == 0 else { return .clientKept(otherUsers: others) }
            try db.execute(
                cached: "UPDATE bank_client SET is_deleted = 1, is_deleted_modified = ? WHERE id = ?",
                arguments: [date.timeIntervalSince1970, clientId.databaseText])
            return .clientRetired
        }
    }

    func liveRegistrationCount(clientId: UUID) async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(
                cached: db, sql: "SELECT COUNT(*) FROM bank_registration WHERE bank_client_id = ? AND is_deleted = 0",
                arguments: [clientId.databaseText])
                ?? 0
        }
    }

    static let columns = [
        "id", "software_statement_id", "bank_group", "registration_group", "state", "claimed_by", "claimed_at", "created", "bank_profile",
        "external_api_id", "registration_scope", "token_endpoint_auth_method", "use_simulated_bank", "jwks_uri", "registration_endpoint",
        "token_endpoint", "authorization_endpoint", "redirect_uris", "statement_revision", "updated_at",
    ]

    static func values(_ client: BankClient) -> [(any DatabaseValueConvertible)?] {
        [
            client.id.databaseText, client.key.softwareStatementId.databaseText, client.key.bankGroup, client.key.registrationGroup,
            client.state.rawValue, client.claimedBy.databaseText, client.claimedAt.timeIntervalSince1970, client.created.timeIntervalSince1970,
            client.bankProfile, client.externalApiId, client.registrationScope.name, client.tokenEndpointAuthMethod.rawValue,
            client.useSimulatedBank, client.jwksUri, client.registrationEndpoint, client.tokenEndpoint, client.authorizationEndpoint,
            client.redirectUris.databaseJSON, client.statementRevision, client.updatedAt?.timeIntervalSince1970,
        ]
    }

    static func arguments(_ client: BankClient) -> StatementArguments {
        StatementArguments(values(client))
    }
}
