import Foundation

/// Who holds this process's registration-group claims and how long they last. A claim names its
/// owner's instance (the id the process's heartbeat uses, `InstancePresence`) and is renewed every
/// `renewal` while the owner works on it; another request takes it over only when it has not been
/// renewed for `lifetime` and its owner's heartbeat is not live, so a killed owner blocks its
/// group for about `lifetime`, and a slow bank never causes a takeover while its owner is alive.
/// A request waiting on a live claim gives up after `maximumWait`.
public struct RegistrationLease: Sendable {
    public let instanceId: UUID
    public let hostName: String
    public let processId: Int
    public let lifetime: TimeInterval
    public let maximumWait: TimeInterval

    /// `heartbeat` is the process's beat interval: a claim lives three of them without renewal
    /// (as an instance does without beats). A waiter waits the outbound deadline plus a lifetime.
    public init(
        instanceId: UUID = UUID(), heartbeat: Duration = .seconds(5), outboundDeadline: Duration = .seconds(30),
        hostName: String = ProcessInfo.processInfo.hostName, processId: Int = Int(ProcessInfo.processInfo.processIdentifier)
    ) {
        self.instanceId = instanceId
        self.hostName = hostName
        self.processId = processId
        self.lifetime = heartbeat.seconds * InstanceHeartbeat.missedBeatsAllowed
        self.maximumWait = outboundDeadline.seconds + lifetime
    }

    /// How often a held claim is renewed.
    public var renewal: Duration { .milliseconds(Int(lifetime * 1000 / InstanceHeartbeat.missedBeatsAllowed)) }
}
