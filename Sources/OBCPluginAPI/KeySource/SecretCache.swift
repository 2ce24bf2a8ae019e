/// Secret values by name, each kept for a fixed lifetime, for key sources whose backend is
/// slow, billed or throttled (every bank call may need keys). A zero lifetime keeps nothing.
/// Not synchronised: the key source that owns it (an actor) serialises access.
public struct SecretCache: Sendable {
    /// How long a value is served from the cache.
    public let lifetime: Duration
    private var entries: [String: (value: SecretValue, expires: ContinuousClock.Instant)] = [:]

    public init(lifetime: Duration) {
        self.lifetime = lifetime
    }

    /// The value fetched for `name` less than `lifetime` ago, if any.
    public func value(named name: String, now: ContinuousClock.Instant = .now) -> SecretValue? {
        guard let entry = entries[name], entry.expires > now else { return nil }
        return entry.value
    }

    /// Keeps `value` for `lifetime` from `now`; does nothing when the lifetime is zero.
    public mutating func store(_ value: SecretValue, named name: String, now: ContinuousClock.Instant = .now) {
        guard lifetime > .zero else { return }
        entries[name] = (value, now + lifetime)
    }

    /// Forgets every value, e.g. after a key rotation.
    public mutating func removeAll() {
        entries.removeAll()
    }
}
