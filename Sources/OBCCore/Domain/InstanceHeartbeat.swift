import Foundation

/// One running server (`obc serve`) as it last reported itself in the database: who it is,
/// when it started and last beat, and which encryption key descriptions it can resolve through
/// its own key sources. Rows are written every beat interval and removed on a clean shutdown;
/// a row whose beats stopped (a killed process) stops counting after three missed intervals.
/// Other instance-wide facts (lease-style claims) can hang off `instanceId` later.
public struct InstanceHeartbeat: Sendable, Equatable {
    /// Random per process start.
    public var instanceId: UUID
    public var hostName: String
    public var processId: Int
    public var startedAt: Date
    public var lastBeatAt: Date
    /// How often this instance beats; it counts as live for three intervals after a beat.
    public var beatInterval: TimeInterval
    /// Key descriptions whose key this instance resolved to an AES-256 key.
    public var resolvableKeyIds: Set<UUID>
    /// Key descriptions this instance tried and could not resolve.
    public var unresolvableKeyIds: Set<UUID>

    public init(
        instanceId: UUID, hostName: String, processId: Int, startedAt: Date, lastBeatAt: Date, beatInterval: TimeInterval,
        resolvableKeyIds: Set<UUID> = [], unresolvableKeyIds: Set<UUID> = []
    ) {
        self.instanceId = instanceId
        self.hostName = hostName
        self.processId = processId
        self.startedAt = startedAt
        self.lastBeatAt = lastBeatAt
        self.beatInterval = beatInterval
        self.resolvableKeyIds = resolvableKeyIds
        self.unresolvableKeyIds = unresolvableKeyIds
    }

    /// Missed beats after which an instance no longer counts as running.
    public static let missedBeatsAllowed = 3.0

    /// Whether the instance beat within three of its intervals before `date`.
    public func isLive(at date: Date) -> Bool {
        date.timeIntervalSince(lastBeatAt) <= beatInterval * Self.missedBeatsAllowed
    }

    /// `host <name> pid <pid> (instance <id>)`, for messages.
    public var label: String { "host \(hostName) pid \(processId) (instance \(instanceId.lowercasedText))" }
}
