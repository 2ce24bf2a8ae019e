import AsyncHTTPClient
import Foundation
import NIOCore

/// A closed-loop HTTP load generator: `connections` tasks each send GETs back to back over the
/// client's keep-alive pool for `duration`; every answer must be 200.
enum HTTPLoad {
    /// What one phase did: requests answered, wall seconds, and the process's CPU seconds
    /// (server and load generator together: they share the process).
    struct Phase {
        var requests = 0
        var seconds = 0.0
        var cpuSeconds = 0.0

        var perSecond: Double { seconds > 0 ? Double(requests) / seconds : 0 }
        /// CPU microseconds a request, load generator included.
        var cpuMicroseconds: Double { requests > 0 ? cpuSeconds / Double(requests) * 1e6 : 0 }

        static func + (lhs: Phase, rhs: Phase) -> Phase {
            Phase(requests: lhs.requests + rhs.requests, seconds: lhs.seconds + rhs.seconds, cpuSeconds: lhs.cpuSeconds + rhs.cpuSeconds)
        }
    }

    static func run(_ client: HTTPClient, _ url: String, _ connections: Int, _ duration: Duration) async throws -> Phase {
        let start = ContinuousClock.now
        let cpuStart = PeakMemory.cpuSeconds
        let deadline = start + duration
        let total = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<connections {
                group.addTask {
                    var count = 0
                    while ContinuousClock.now < deadline {
                        _ = try await body(client, url)
                        count += 1
                    }
                    return count
                }
            }
            return try await group.reduce(0, +)
        }
        let elapsed = LatencySummary.milliseconds(ContinuousClock.now - start) / 1000
        return Phase(requests: total, seconds: elapsed, cpuSeconds: PeakMemory.cpuSeconds - cpuStart)
    }

    /// One GET; its body, or an error unless it answered 200.
    static func body(_ client: HTTPClient, _ url: String) async throws -> ByteBuffer {
        let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        guard response.status == .ok else { throw BenchFailure("GET \(url) answered \(response.status.code)") }
        return body
    }
}
