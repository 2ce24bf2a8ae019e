import Foundation
import Synchronization

/// A clock that stands still until a test moves it: pass `now` wherever the core takes a clock.
public final class FixedClock: Sendable {
    private let current: Mutex<Date>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = Mutex(start) }

    public var now: @Sendable () -> Date { { self.current.withLock { $0 } } }

    public func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}
