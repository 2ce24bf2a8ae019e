import Foundation
import OBCCore
import OBCPluginAPI
import PostgresNIO

/// The update claim on an active client: the row is locked to decide between taking the claim
/// (free, ours, or neither renewed nor held by a live instance) and leaving it to its holder,
/// so instances on one database make one `PUT /register/{ClientId}` at a time.
extension PostgresBankClientRepository {
    func claimUpdate(id: UUID, claimant: UUID, owner: UUID, at date: Date, staleBefore: Date) async throws -> Bool {
        try await client.transaction(logger: logger) { connection in
            let rows = try await connection.query(
                "SELECT update_claimed_by, update_claimed_at, update_instance_id FROM bank_client WHERE id = \(id) AND NOT is_deleted FOR UPDATE",
                logger: logger
            ).collect {
                (
                    try $0.decode("update_claimed_by", as: UUID?.self), try $0.optionalDate("update_claimed_at"),
                    try $0.decode("update_instance_id", as: UUID?.self)
                )
            }
            guard let (holder, renewed, instance) = rows.first else {
                throw OBCError(.conflict, "Client \(id.lowercasedText) was removed; register again.")
            }
            if let holder, holder != claimant {
                guard (renewed ?? .distantPast) < staleBefore, try await !Self.ownerIsLive(instance, at: date, on: connection, logger: logger) else {
                    return false
                }
            }
            try await connection.query(
                """
                UPDATE bank_client SET update_claimed_by = \(claimant), update_claimed_at = \(date), update_instance_id = \(owner)
                WHERE id = \(id)
                """, logger: logger)
            return true
        }
    }

    func renewUpdate(id: UUID, claimant: UUID, at date: Date) async throws {
        try await client.query(
            "UPDATE bank_client SET update_claimed_at = \(date) WHERE id = \(id) AND update_claimed_by = \(claimant)", logger: logger)
    }

    func finishUpdate(_ client: BankClient, claimant: UUID) async throws {
        let columns = Array(Self.columns(client).dropFirst())
        var binds = PostgresBindings()
        for column in columns { binds.append(column.1) }
        binds.append(client.id)
        binds.append(claimant)
        let assignments = columns.enumerated().map { "\($0.element.0) = $\($0.offset + 1)" }.joined(separator: ", ")
        let sql = """
            UPDATE bank_client SET \(assignments), update_claimed_by = NULL, update_claimed_at = NULL, update_instance_id = NULL
            WHERE id = $\(columns.count + 1) AND update_claimed_by = $\(columns.count + 2) AND NOT is_deleted RETURNING id
            """
        let updated = try await self.client.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).collect { _ in 1 }
        guard !updated.isEmpty else {
            throw OBCError(.conflict, "The update of client \(client.externalApiId ?? "") was taken over by another request.")
        }
    }

    func releaseUpdate(id: UUID, claimant: UUID) async throws {
        try await client.query(
            """
            UPDATE bank_client SET update_claimed_by = NULL, update_claimed_at = NULL, update_instance_id = NULL
            WHERE id = \(id) AND update_claimed_by = \(claimant)
            """, logger: logger)
    }
}
