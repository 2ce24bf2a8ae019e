import Foundation
import Logging
import OBCCore
import OBCPluginAPI
import PostgresNIO

/// Shared OAuth2 clients. A claim is `INSERT … ON CONFLICT DO NOTHING` against the partial
/// unique index, returning the group's live row when it is taken; only a claim old enough to
/// be taken over is decided under the row's lock (re-use, takeover of a claim neither renewed
/// nor held by an instance with a live heartbeat, or "busy"), so any number of instances
/// perform one DCR.
struct PostgresBankClientRepository: BankClientRepository {
    let client: PostgresDatabase
    let logger: Logger

    /// One statement in the usual cases: the claim's insert, and the group's live row as it was
    /// when the statement began. An active client is re-used without a lock (the registration's
    /// insert checks the client is still live, atomically), a fresh pending claim is busy, and
    /// only a claim old enough to be taken over goes through the locking transaction below.
    func claim(_ candidate: BankClient, owner: UUID, staleBefore: Date) async throws -> BankClientClaim {
        let columns = Self.columns(candidate) + [("claim_instance_id", .uuid(owner))]
        var binds = PostgresBindings()
        for column in columns { binds.append(column.1) }
        let marks = (1...columns.count).map { "$\($0)" }.joined(separator: ", ")
        // $2, $3 and $4 are the key: software_statement_id, bank_group, registration_group.
        let sql = """
            WITH inserted AS (
              INSERT INTO bank_client (\(columns.map(\.0).joined(separator: ", "))) VALUES (\(marks))
              ON CONFLICT (software_statement_id, bank_group, registration_group) WHERE NOT is_deleted DO NOTHING RETURNING id)
            SELECT (SELECT COUNT(*) FROM inserted)::bigint AS claimed_now, existing.* FROM (VALUES (1)) AS one (x)
            LEFT JOIN bank_client AS existing ON existing.software_statement_id = $2 AND existing.bank_group = $3
              AND existing.registration_group = $4 AND NOT existing.is_deleted
            """
        let rows = try await client.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).collect { row in
            (
                claimed: try row.decode("claimed_now", as: Int.self) > 0,
                existing: try row.decode("id", as: UUID?.self) == nil ? nil : try BankClient(postgres: row)
            )
        }
        if rows.first?.claimed == true { return .claimed(candidate) }
        // Taken by a row this statement's snapshot could not see yet: ask again.
        guard let existing = rows.first?.existing else { return .busy }
        if existing.state == .active { return .active(existing) }
        guard existing.claimedAt < staleBefore else { return .busy }
        return try await claimLocked(candidate, owner: owner, staleBefore: staleBefore)
    }

    /// The claim decided under the row lock: re-use, takeover of a claim neither renewed nor held
    /// by an instance with a live heartbeat, or busy.
    func claimLocked(_ candidate: BankClient, owner: UUID, staleBefore: Date) async throws -> BankClientClaim {
        try await client.transaction(logger: logger) { connection in
            let key = candidate.key
            let rows = try await connection.query(
                """
                SELECT * FROM bank_client WHERE software_statement_id = \(key.softwareStatementId) AND bank_group = \(key.bankGroup)
                AND registration_group = \(key.registrationGroup) AND NOT is_deleted FOR UPDATE
                """, logger: logger
            ).collect { (try BankClient(postgres: $0), try $0.decode("claim_instance_id", as: UUID?.self)) }
            // Gone between the two statements (released or retired): ask again.
            guard let (existing, holder) = rows.first else { return .busy }
            if existing.state == .active { return .active(existing) }
            guard existing.claimedAt < staleBefore, try await !Self.ownerIsLive(holder, at: candidate.claimedAt, on: connection, logger: logger)
            else { return .busy }
            // The holder stopped without finishing (crashed or killed): take the claim over.
            try await connection.query(
                """
                UPDATE bank_client SET claimed_by = \(candidate.claimedBy), claimed_at = \(candidate.claimedAt), claim_instance_id = \(owner)
                WHERE id = \(existing.id)
                """, logger: logger)
            var claimed = existing
            claimed.claimedBy = candidate.claimedBy
            claimed.claimedAt = candidate.claimedAt
            return .claimed(claimed)
        }
    }

    /// Whether the instance holding a claim beat within three of its intervals before `date`.
    static func ownerIsLive(_ instanceId: UUID?, at date: Date, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        guard let instanceId else { return false }
        let live = try await connection.query(
            """
            SELECT 1 FROM instance_heartbeat WHERE instance_id = \(instanceId)
            AND last_beat_at + make_interval(secs => beat_interval * \(InstanceHeartbeat.missedBeatsAllowed)) >= \(date)
            """, logger: logger
        ).collect { _ in 1 }
        return !live.isEmpty
    }

    func renew(id: UUID, claimedBy: UUID, at date: Date) async throws {
        try await client.query(
            """
            UPDATE bank_client SET claimed_at = \(date) WHERE id = \(id) AND claimed_by = \(claimedBy)
            AND state = \(BankClient.State.pending.rawValue)
            """, logger: logger)
    }

    func find(id: UUID) async throws -> BankClient? {
        try await client.query("SELECT * FROM bank_client WHERE id = \(id)", logger: logger).collect { try BankClient(postgres: $0) }.first
    }

    func activate(_ client: BankClient) async throws {
        var active = client
        active.state = .active
        let columns = Array(Self.columns(active).dropFirst())
        var binds = PostgresBindings()
        for column in columns { binds.append(column.1) }
        binds.append(client.id)
        binds.append(client.claimedBy)
        let assignments = columns.enumerated().map { "\($0.element.0) = $\($0.offset + 1)" }.joined(separator: ", ")
        let sql = """
            UPDATE bank_client SET \(assignments) WHERE id = $\(columns.count + 1) AND claimed_by = $\(columns.count + 2) AND NOT is_deleted
            RETURNING id
            """
        let updated = try await self.client.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).collect { _ in 1 }
        guard !updated.isEmpty else {
            throw OBCError(.conflict, "The claim on registration group \(client.key.registrationGroup) was taken over by another request.")
        }
    }

    func release(id: UUID, claimedBy: UUID) async throws {
        try await client.query(
            "DELETE FROM bank_client WHERE id = \(id) AND claimed_by = \(claimedBy) AND state = \(BankClient.State.pending.rawValue)",
            logger: logger)
    }

    func softDelete(id: UUID, at date: Date) async throws {
        try await client.query("UPDATE bank_client SET is_deleted = true, is_deleted_modified = \(date) WHERE id = \(id)", logger: logger)
    }

    func removeRegistration(_ registrationId: UUID, clientId: UUID, at date: Date, by deletedBy: String?) async throws -> BankClientRemoval {
        try await client.transaction(logger: logger) { connection in
            // The client row first: a re-use share-locks it to insert its registration, so the
            // two take turns and the count below sees every committed user.
            _ = try await connection.query("SELECT 1 FROM bank_client WHERE id = \(clientId) FOR UPDATE", logger: logger).collect { _ in 1 }
            let removed = try await connection.query(
                """
                UPDATE bank_registration SET is_deleted = true, is_deleted_modified = \(date), is_deleted_modified_by = \(deletedBy)
                WHERE id = \(registrationId) AND bank_client_id = \(clientId) AND NOT is_deleted RETURNING id
                """, logger: logger
            ).collect { _ in 1 }
            guard !removed.isEmpty else { throw OBCError.notFound(.bankRegistration, id: registrationId) }
            let others = try await Self.liveCount(clientId, on: connection, logger: logger)
            guard others == 0 else { return .clientKept(otherUsers: others) }
            try await connection.query(
                "UPDATE bank_client SET is_deleted = true, is_deleted_modified = \(date) WHERE id = \(clientId)", logger: logger)
            return .clientRetired
        }
    }

    func liveRegistrationCount(clientId: UUID) async throws -> Int {
        try await client.withConnection { connection in try await Self.liveCount(clientId, on: connection, logger: logger) }
    }

    static func liveCount(_ clientId: UUID, on connection: PostgresConnection, logger: Logger) async throws -> Int {
        let rows = try await connection.query(
            "SELECT COUNT(*)::bigint FROM bank_registration WHERE bank_client_id = \(clientId) AND NOT is_deleted", logger: logger)
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }

    static func columns(_ client: BankClient) -> [(String, PostgresValue)] {
        [
            ("id", .uuid(client.id)), ("software_statement_id", .uuid(client.key.softwareStatementId)), ("bank_group", .text(client.key.bankGroup)),
            ("registration_group", .text(client.key.registrationGroup)), ("state", .text(client.state.rawValue)),
            ("claimed_by", .uuid(client.claimedBy)), ("claimed_at", .date(client.claimedAt)), ("created", .date(client.created)),
            ("bank_profile", .text(client.bankProfile)), ("external_api_id", .text(client.externalApiId)),
            ("registration_scope", .text(client.registrationScope.name)),
            ("token_endpoint_auth_method", .text(client.tokenEndpointAuthMethod.rawValue)),
            ("use_simulated_bank", .bool(client.useSimulatedBank)), ("jwks_uri", .text(client.jwksUri)),
            ("registration_endpoint", .text(client.registrationEndpoint)), ("token_endpoint", .text(client.tokenEndpoint)),
            ("authorization_endpoint", .text(client.authorizationEndpoint)), ("redirect_uris", .text(client.redirectUris.postgresJSON)),
            ("statement_revision", .text(client.statementRevision)), ("updated_at", .date(client.updatedAt)),
        ]
    }
}
