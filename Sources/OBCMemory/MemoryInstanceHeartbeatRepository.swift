import Foundation
import OBCCore

/// Running servers' heartbeats, one per instance.
struct MemoryInstanceHeartbeatRepository: InstanceHeartbeatRepository {
    let state: MemoryState

    func beat(_ heartbeat: InstanceHeartbeat) async throws {
        try state.withTables { $0.heartbeats[heartbeat.instanceId] = heartbeat }
    }

    func list() async throws -> [InstanceHeartbeat] {
        try state.read { Array($0.heartbeats.values) }
    }

    func remove(instanceId: UUID) async throws {
        try state.withTables { $0.heartbeats[instanceId] = nil }
    }

    func removeSilent(since date: Date) async throws {
        try state.withTables { tables in tables.heartbeats = tables.heartbeats.filter { $0.value.lastBeatAt >= date } }
    }
}
