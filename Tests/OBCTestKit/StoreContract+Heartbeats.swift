import Foundation
import OBCCore

extension StoreContract {
    /// Heartbeats: a beat inserts or replaces the instance's row with every field kept (dates to
    /// the millisecond), rows of other instances are untouched, a clean stop removes its row,
    /// and rows silent since a date go.
    static func instanceHeartbeats(_ store: any Store) async throws {
        let keys = (0..<3).map { _ in UUID() }
        let start = Date(timeIntervalSince1970: 1_800_000_000.125)
        var first = InstanceHeartbeat(
            instanceId: UUID(), hostName: "host-a", processId: 4242, startedAt: start, lastBeatAt: start, beatInterval: 5,
            resolvableKeyIds: [keys[0], keys[1]], unresolvableKeyIds: [keys[2]])
        let second = InstanceHeartbeat(
            instanceId: UUID(), hostName: "host-b", processId: 7, startedAt: start, lastBeatAt: start.addingTimeInterval(-7200), beatInterval: 0.5)
        try await store.instances.beat(first)
        try await store.instances.beat(second)
        first.lastBeatAt = start.addingTimeInterval(5)
        first.resolvableKeyIds = [keys[0], keys[1], keys[2]]
        first.unresolvableKeyIds = []
        try await store.instances.beat(first)
        let listed = try await store.instances.list().sorted { $0.hostName < $1.hostName }
        try require(listed.count == 2, "\(listed.count) rows for two instances")
        try require(Self.same(listed[0], first), "the second beat did not replace the first: \(listed[0]) vs \(first)")
        try require(Self.same(listed[1], second), "another instance's row changed: \(listed[1]) vs \(second)")
        try require(listed[0].isLive(at: start.addingTimeInterval(19)) && !listed[0].isLive(at: start.addingTimeInterval(21)), "liveness")

        try await store.instances.removeSilent(since: start.addingTimeInterval(-3600))
        try require(try await store.instances.list().map(\.instanceId) == [first.instanceId], "a silent row was not pruned, or a live one was")
        try await store.instances.remove(instanceId: first.instanceId)
        try await store.instances.remove(instanceId: first.instanceId)
        try require(try await store.instances.list().isEmpty, "a removed row is still listed")
    }

    static func same(_ a: InstanceHeartbeat, _ b: InstanceHeartbeat) -> Bool {
        a.instanceId == b.instanceId && a.hostName == b.hostName && a.processId == b.processId
            && abs(a.startedAt.timeIntervalSince(b.startedAt)) < 0.001 && abs(a.lastBeatAt.timeIntervalSince(b.lastBeatAt)) < 0.001
            && a.beatInterval == b.beatInterval && a.resolvableKeyIds == b.resolvableKeyIds && a.unresolvableKeyIds == b.unresolvableKeyIds
    }
}
