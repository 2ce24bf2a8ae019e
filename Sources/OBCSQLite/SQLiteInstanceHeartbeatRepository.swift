import Foundation
import GRDB
import OBCCore

/// Heartbeats in `instance_heartbeat`; the key id sets are space-separated lowercased UUIDs.
struct SQLiteInstanceHeartbeatRepository: InstanceHeartbeatRepository {
    let pool: SQLiteDatabase

    func beat(_ heartbeat: InstanceHeartbeat) async throws {
        try await pool.write { db in
            try db.execute(
                cached: """
                    INSERT OR REPLACE INTO instance_heartbeat (instance_id, host_name, process_id, started_at, last_beat_at,
                    beat_interval, resolvable_key_ids, unresolvable_key_ids) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    heartbeat.instanceId.databaseText, heartbeat.hostName, heartbeat.processId, heartbeat.startedAt.timeIntervalSince1970,
                    heartbeat.lastBeatAt.timeIntervalSince1970, heartbeat.beatInterval, Self.text(heartbeat.resolvableKeyIds),
                    Self.text(heartbeat.unresolvableKeyIds),
                ])
        }
    }

    func list() async throws -> [InstanceHeartbeat] {
        try await pool.read { db in
            try Row.fetchAll(cached: db, sql: "SELECT * FROM instance_heartbeat").compactMap { row -> InstanceHeartbeat? in
                guard let id = UUID(uuidString: row["instance_id"]) else { return nil }
                return InstanceHeartbeat(
                    instanceId: id, hostName: row["host_name"], processId: row["process_id"],
                    startedAt: Date(timeIntervalSince1970: row["started_at"]), lastBeatAt: Date(timeIntervalSince1970: row["last_beat_at"]),
                    beatInterval: row["beat_interval"], resolvableKeyIds: Self.ids(row["resolvable_key_ids"]),
                    unresolvableKeyIds: Self.ids(row["unresolvable_key_ids"]))
            }
        }
    }

    func remove(instanceId: UUID) async throws {
        try await pool.write { db in
            try db.execute(cached: "DELETE FROM instance_heartbeat WHERE instance_id = ?", arguments: [instanceId.databaseText])
        }
    }

    func removeSilent(since date: Date) async throws {
        try await pool.write { db in
            try db.execute(cached: "DELETE FROM instance_heartbeat WHERE last_beat_at < ?", arguments: [date.timeIntervalSince1970])
        }
    }

    static func text(_ ids: Set<UUID>) -> String { ids.map(\.databaseText).sorted().joined(separator: " ") }

    static func ids(_ text: String) -> Set<UUID> { Set(text.split(separator: " ").compactMap { UUID(uuidString: String($0)) }) }
}
