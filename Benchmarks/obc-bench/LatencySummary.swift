import Foundation
import Synchronization

/// Raw latencies and the wall time they took, added up over rounds: the benchmark
/// interleaves the phases it compares, so a shared machine's load hits both alike.
struct Samples: Sendable {
    var durations: [Duration] = []
    var wall: Duration = .zero

    mutating func add(_ other: Samples) {
        durations += other.durations
        wall += other.wall
    }
}

/// Latencies of one measured phase and its wall time, summarised without a histogram
/// library: the samples are few enough (thousands) to sort.
struct LatencySummary: Sendable {
    /// Each operation's latency in milliseconds, sorted ascending.
    let milliseconds: [Double]
    /// Wall time of the timed work, so requests per second reflect concurrency.
    let wallSeconds: Double

    init(_ samples: Samples) {
        milliseconds = samples.durations.map(Self.milliseconds).sorted()
        wallSeconds = Self.milliseconds(samples.wall) / 1000
    }

    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }

    var count: Int { milliseconds.count }
    var perSecond: Double { wallSeconds > 0 ? Double(count) / wallSeconds : 0 }
    var p50: Double { percentile(50) }
    var p99: Double { percentile(99) }
    var mean: Double { milliseconds.isEmpty ? 0 : milliseconds.reduce(0, +) / Double(count) }

    /// Nearest-rank percentile: the smallest sample with at least `p`% of samples at or below it.
    func percentile(_ p: Double) -> Double {
        guard !milliseconds.isEmpty else { return .nan }
        let rank = Int((p / 100 * Double(count)).rounded(.up))
        return milliseconds[min(max(rank, 1), count) - 1]
    }

    /// One aligned report line: count, rate, p50, p99 and mean.
    func line(_ label: String) -> String {
        label.padding(toLength: 56, withPad: " ", startingAt: 0)
            + String(format: "%6d  %8.1f/s  p50 %7.2f ms  p99 %7.2f ms  mean %7.2f ms", count, perSecond, p50, p99, mean)
    }
}

/// Runs `operation` for indexes `offset..<offset + count` on `concurrency` workers and times
/// each call, so a phase's latencies and its throughput come from the same requests.
func timeEach(
    count: Int, offset: Int = 0, concurrency: Int, _ operation: @escaping @Sendable (Int) async throws -> Void
) async throws -> Samples {
    let clock = ContinuousClock()
    let next = IndexDispenser()
    let start = clock.now
    let durations = try await withThrowingTaskGroup(of: [Duration].self) { group in
        for _ in 0..<max(1, min(concurrency, count)) {
            group.addTask {
                var local: [Duration] = []
                while let index = next.take(below: count) {
                    let began = clock.now
                    try await operation(offset + index)
                    local.append(clock.now - began)
                }
                return local
            }
        }
        var all: [Duration] = []
        all.reserveCapacity(count)
        for try await part in group { all += part }
        return all
    }
    return Samples(durations: durations, wall: clock.now - start)
}

/// Hands out each index once to whichever worker asks first.
final class IndexDispenser: Sendable {
    private let next = Mutex(0)

    func take(below limit: Int) -> Int? {
        next.withLock { value in
            guard value < limit else { return nil }
            defer { value += 1 }
            return value
        }
    }
}
