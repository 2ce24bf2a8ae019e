import Foundation
import OBCCore

/// An `InstanceHeartbeatRepository` with a span around each operation.
struct TracedInstanceHeartbeatRepository: InstanceHeartbeatRepository {
    let wrapped: any InstanceHeartbeatRepository
    let spans: StoreSpans

    func beat(_ heartbeat: InstanceHeartbeat) async throws {
        try await spans.run("beat") { try await wrapped.beat(heartbeat) }
    }

    func list() async throws -> [InstanceHeartbeat] {
        try await spans.run("list") { try await wrapped.list() }
    }

    func remove(instanceId: UUID) async throws {
        try await spans.run("remove") { try await wrapped.remove(instanceId: instanceId) }
    }

    func removeSilent(since date: Date) async throws {
        try await spans.run("removeSilent") { try await wrapped.removeSilent(since: date) }
    }
}
