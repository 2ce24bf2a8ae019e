import OBCPluginAPI
import Testing

/// The TTL cache cloud key sources share: a value is served for its lifetime and not after.
@Suite("Secret cache: values live for the configured lifetime")
struct SecretCacheTests {
    let start = ContinuousClock.now

    @Test func aValueIsServedUntilItsLifetimeEnds() {
        var cache = SecretCache(lifetime: .seconds(300))
        cache.store(SecretValue("one"), named: "a", now: start)
        #expect(cache.value(named: "a", now: start + .seconds(299))?.revealed == "one")
        #expect(cache.value(named: "a", now: start + .seconds(300)) == nil)
        #expect(cache.value(named: "b", now: start) == nil)
    }

    @Test func aZeroLifetimeKeepsNothing() {
        var cache = SecretCache(lifetime: .zero)
        cache.store(SecretValue("one"), named: "a", now: start)
        #expect(cache.value(named: "a", now: start) == nil)
    }

    @Test func removeAllForgetsEveryValueAndAStoreReplacesTheOldOne() {
        var cache = SecretCache(lifetime: .seconds(60))
        cache.store(SecretValue("one"), named: "a", now: start)
        cache.store(SecretValue("two"), named: "a", now: start + .seconds(30))
        #expect(cache.value(named: "a", now: start + .seconds(80))?.revealed == "two")
        cache.removeAll()
        #expect(cache.value(named: "a", now: start + .seconds(31)) == nil)
    }
}
