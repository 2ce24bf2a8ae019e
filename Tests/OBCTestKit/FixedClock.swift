import Foundation
import Synchronization

/// A clock that stands still until a test moves it: pass `now` wherever the core takes a clock.
/// With a `tick`, every reading moves it on by that much, so code that waits for time to pass
/// (a deadline in a retry loop) gets there without the test racing it.
public final class FixedClock: Sendable {
    private let current: Mutex<Date>
    private let tick: TimeInterval

    public init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000), tick: TimeInterval = 0) {
        current = Mutex(start)
        self.tick = tick
    }

    public var now: @Sendable () -> Date {
        {
            self.current.withLock { date in
                defer { date = date.addingTimeInterval(self.tick) }
                return date
            }
        }
    }

    public func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}
