/// One stored certificate that failed the start-up check. `summary` is what readiness shows
/// (no cause: a probe may be unauthenticated); `logLine` adds the real cause (not set, not
/// base64, not a PEM key, the key does not match the certificate …), never a secret value.
public struct StartupFinding: Sendable, Equatable {
    public let summary: String
    public let cause: String?

    public init(summary: String, cause: String?) {
        self.summary = summary
        self.cause = cause
    }

    public var logLine: String { cause.map { "\(summary) Cause: \($0)" } ?? summary }
}
