import Foundation
import Logging
import OBCCore
import PostgresNIO

/// Heartbeats in `instance_heartbeat`, the key id sets as `uuid[]`.
struct PostgresInstanceHeartbeatRepository: InstanceHeartbeatRepository {
    let client: PostgresDatabase
    let logger: Logger

    func beat(_ heartbeat: InstanceHeartbeat) async throws {
        let resolvable = heartbeat.resolvableKeyIds.sorted { $0.uuidString < $1.uuidString }
        let unresolvable = heartbeat.unresolvableKeyIds.sorted { $0.uuidString < $1.uuidString }
        try await client.query(
            """
            INSERT INTO instance_heartbeat (instance_id, host_name, process_id, started_at, last_beat_at, beat_interval,
            resolvable_key_ids, unresolvable_key_ids) VALUES (\(heartbeat.instanceId), \(heartbeat.hostName), \(heartbeat.processId),
            \(heartbeat.startedAt), \(heartbeat.lastBeatAt), \(heartbeat.beatInterval), \(resolvable), \(unresolvable))
            ON CONFLICT (instance_id) DO UPDATE SET host_name = excluded.host_name, process_id = excluded.process_id,
            started_at = excluded.started_at, last_beat_at = excluded.last_beat_at, beat_interval = excluded.beat_interval,
            resolvable_key_ids = excluded.resolvable_key_ids, unresolvable_key_ids = excluded.unresolvable_key_ids
            """, logger: logger)
    }

    func list() async throws -> [InstanceHeartbeat] {
        let rows = try await client.query(
            """
            SELECT instance_id, host_name, process_id, started_at, last_beat_at, beat_interval, resolvable_key_ids, unresolvable_key_ids
            FROM instance_heartbeat
            """, logger: logger)
        return try rows.map { row in
            let (id, host, pid, started, last, interval, resolvable, unresolvable) = try row.decode(
                (UUID, String, Int, Date, Date, Double, [UUID], [UUID]).self)
            return InstanceHeartbeat(
                instanceId: id, hostName: host, processId: pid, startedAt: started, lastBeatAt: last, beatInterval: interval,
                resolvableKeyIds: Set(resolvable), unresolvableKeyIds: Set(unresolvable))
        }
    }

    func remove(instanceId: UUID) async throws {
        try await client.query("DELETE FROM instance_heartbeat WHERE instance_id = \(instanceId)", logger: logger)
    }

    func removeSilent(since date: Date) async throws {
        try await client.query("DELETE FROM instance_heartbeat WHERE last_beat_at < \(date)", logger: logger)
    }
}
