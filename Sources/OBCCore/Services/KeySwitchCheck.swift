import Foundation

/// Before a key becomes current: which running instances could not seal with it. Reads the
/// instances' heartbeats (see `InstancePresence`); an instance that has not yet tried a key
/// added a moment ago is waited for, up to two of its beat intervals.
public struct KeySwitchCheck: Sendable {
    /// A live instance that cannot use the key, and why.
    public struct Lacking: Sendable, Equatable {
        public let instance: InstanceHeartbeat
        /// False when the instance tried and failed; true when it never reported on the key in time.
        public let notReported: Bool
    }

    let store: any Store
    let now: @Sendable () -> Date
    let poll: Duration

    public init(store: any Store, now: @escaping @Sendable () -> Date = { Date() }, poll: Duration = .milliseconds(250)) {
        self.store = store
        self.now = now
        self.poll = poll
    }

    /// Live instances that cannot resolve `keyId`, in start order; empty when every one can.
    public func instancesLacking(_ keyId: UUID) async throws -> [Lacking] {
        let started = now()
        while true {
            let live = try await store.instances.list().filter { $0.isLive(at: now()) }.sorted { $0.startedAt < $1.startedAt }
            let unknown = live.filter { !$0.resolvableKeyIds.contains(keyId) && !$0.unresolvableKeyIds.contains(keyId) }
            let waitLimit = 2 * (unknown.map(\.beatInterval).max() ?? 0)
            if unknown.isEmpty || now().timeIntervalSince(started) > waitLimit {
                return live.compactMap { instance in
                    if instance.resolvableKeyIds.contains(keyId) { return nil }
                    return Lacking(instance: instance, notReported: !instance.unresolvableKeyIds.contains(keyId))
                }
            }
            try await Task.sleep(for: poll)
        }
    }
}
