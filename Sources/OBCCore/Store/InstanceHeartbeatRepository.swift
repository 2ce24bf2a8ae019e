import Foundation

/// The heartbeats of running servers (see `InstanceHeartbeat`), one row per instance.
public protocol InstanceHeartbeatRepository: Sendable {
    /// Inserts the instance's row or replaces it (same `instanceId`).
    func beat(_ heartbeat: InstanceHeartbeat) async throws
    /// Every stored row, live or not, in no particular order.
    func list() async throws -> [InstanceHeartbeat]
    /// Removes the instance's row (a clean shutdown); no error if it is gone.
    func remove(instanceId: UUID) async throws
    /// Removes rows whose last beat is before `date` (instances that died without a clean stop).
    func removeSilent(since date: Date) async throws
}
