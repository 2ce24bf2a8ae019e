import Foundation
import GRDB
import OBCCore
import OBCPluginAPI

/// The update claim on an active client: one conditional `UPDATE` in a write transaction, so
/// one request in any process holds it; a holder that stopped renewing and has no live
/// heartbeat is taken over.
extension SQLiteBankClientRepository {
    func claimUpdate(id: UUID, claimant: UUID, owner: UUID, at date: Date, staleBefore: Date) async throws -> Bool {
        try await pool.write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT update_claimed_by, update_claimed_at, update_instance_id FROM bank_client WHERE id = ? AND is_deleted = 0",
                    arguments: [id.databaseText])
            else { throw OBCError(.conflict, "Client \(id.lowercasedText) was removed; register again.") }
            if let holder: String = row["update_claimed_by"], holder != claimant.databaseText {
                let renewed: Double = row["update_claimed_at"] ?? 0
                guard renewed < staleBefore.timeIntervalSince1970, try !Self.ownerIsLive(row["update_instance_id"], at: date, db: db) else {
                    return false
                }
            }
            try db.execute(
                sql: "UPDATE bank_client SET update_claimed_by = ?, update_claimed_at = ?, update_instance_id = ? WHERE id = ?",
                arguments: [claimant.databaseText, date.timeIntervalSince1970, owner.databaseText, id.databaseText])
            return true
        }
    }

    func renewUpdate(id: UUID, claimant: UUID, at date: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE bank_client SET update_claimed_at = ? WHERE id = ? AND update_claimed_by = ?",
                arguments: [date.timeIntervalSince1970, id.databaseText, claimant.databaseText])
        }
    }

    func finishUpdate(_ client: BankClient, claimant: UUID) async throws {
        try await pool.write { db in
            let assignments = Self.columns.dropFirst().map { "\($0) = ?" }.joined(separator: ", ")
            var arguments = StatementArguments(Array(Self.values(client).dropFirst()))
            arguments += [client.id.databaseText, claimant.databaseText]
            try db.execute(
                sql: """
                    UPDATE bank_client SET \(assignments), update_claimed_by = NULL, update_claimed_at = NULL, update_instance_id = NULL
                    WHERE id = ? AND update_claimed_by = ? AND is_deleted = 0
                    """, arguments: arguments)
            guard db.changesCount == 1 else {
                throw OBCError(.conflict, "The update of client \(client.externalApiId ?? "") was taken over by another request.")
            }
        }
    }

    func releaseUpdate(id: UUID, claimant: UUID) async throws {
        try await pool.write { db in
            try db.execute(
                sql:
                    "UPDATE bank_client SET update_claimed_by = NULL, update_claimed_at = NULL, update_instance_id = NULL WHERE id = ? AND update_claimed_by = ?",
                arguments: [id.databaseText, claimant.databaseText])
        }
    }
}
