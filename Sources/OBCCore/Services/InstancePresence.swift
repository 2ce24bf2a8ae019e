import Foundation
import Logging
import OBCPluginAPI

/// This running server as the database knows it: each beat resolves every encryption key
/// description through the server's own key sources and records which resolve, so a key switch
/// can first ask whether every running instance can seal with the new key. Logs a warning once
/// when the current key stops resolving here and once when it resolves again, not every beat.
public actor InstancePresence {
    public let instanceId: UUID
    let hostName: String
    let processId: Int
    let startedAt: Date
    let beatInterval: TimeInterval
    let logger: Logger
    /// Whether the current key resolved at the last beat (assumed at start, so a key that
    /// never resolved is warned about once).
    private var currentKeyResolves = true

    public init(
        beatInterval: Duration, logger: Logger, instanceId: UUID = UUID(), hostName: String = ProcessInfo.processInfo.hostName,
        processId: Int = Int(ProcessInfo.processInfo.processIdentifier), startedAt: Date = Date()
    ) {
        self.instanceId = instanceId
        self.hostName = hostName
        self.processId = processId
        self.startedAt = startedAt
        self.beatInterval = Double(beatInterval.components.seconds) + Double(beatInterval.components.attoseconds) / 1e18
        self.logger = logger
    }

    /// Resolves every key with `services`' key sources, records the heartbeat and logs a change
    /// of the current key's state. Store failures are thrown.
    public func beat(services: ManagementServices, at now: Date = Date()) async throws {
        var resolvable: Set<UUID> = []
        var failures: [UUID: OBCError] = [:]
        for description in try await services.store.encryptionKeyDescriptions.list() {
            do {
                try await services.encryptionKeys.load(description, field: "Key")
                resolvable.insert(description.id)
            } catch {
                failures[description.id] = error
            }
        }
        try await services.store.instances.beat(
            InstanceHeartbeat(
                instanceId: instanceId, hostName: hostName, processId: processId, startedAt: startedAt, lastBeatAt: now,
                beatInterval: beatInterval, resolvableKeyIds: resolvable, unresolvableKeyIds: Set(failures.keys)))
        guard let current = try await services.store.settings.currentEncryptionKeyId() else { return }
        if let failure = failures[current], currentKeyResolves {
            currentKeyResolves = false
            logger.warning(
                "The current encryption key \(current.lowercasedText) does not resolve in this instance (host \(hostName) pid \(processId)), so registrations answer 503 until it does: \(failure.description) Supply the key to this instance's key source and send SIGHUP, or set a key current that it resolves."
            )
        } else if resolvable.contains(current), !currentKeyResolves {
            currentKeyResolves = true
            logger.warning("The current encryption key \(current.lowercasedText) resolves in this instance again; registrations can store secrets.")
        }
    }

    /// Deletes rows of instances silent for an hour (killed without a clean stop).
    public func pruneSilent(store: any Store, at now: Date = Date()) async throws {
        try await store.instances.removeSilent(since: now.addingTimeInterval(-3600))
    }

    /// Removes this instance's row (a clean shutdown).
    public func remove(from store: any Store) async throws {
        try await store.instances.remove(instanceId: instanceId)
    }
}
