/// How a plugin retries a call to a cloud service: `maxAttempts` in all, the first included;
/// the delay before retry n is up to `baseDelay · 2ⁿ⁻¹`, capped at `maxDelay`, with jitter
/// (half to all of it), so callers that failed together do not retry together.
public struct RetryBackoff: Sendable, Equatable {
    public let maxAttempts: Int
    public let baseDelay: Duration
    public let maxDelay: Duration

    public init(maxAttempts: Int = 3, baseDelay: Duration = .milliseconds(100), maxDelay: Duration = .seconds(5)) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The delay before the attempt after `attempt` (1 for the first retry).
    public func delay(after attempt: Int) -> Duration {
        let ceiling = min(baseDelay * (1 << min(attempt - 1, 20)), maxDelay)
        return ceiling * Double.random(in: 0.5...1.0)
    }

    /// Sleeps before the next attempt and answers true, or answers false when `attempt` was the last.
    public func wait(after attempt: Int) async -> Bool {
        guard attempt < maxAttempts else { return false }
        try? await Task.sleep(for: delay(after: attempt))
        return true
    }
}
