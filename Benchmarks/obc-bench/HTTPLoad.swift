import AsyncHTTPClient
import Foundation
import NIOCore

/// A closed-loop HTTP load generator: `connections` tasks each send GETs back to back over the
/// client's keep-alive pool for `duration`; the answer is requests per second (every one 200).
enum HTTPLoad {
    static func run(_ client: HTTPClient, _ url: String, _ connections: Int, _ duration: Duration) async throws -> Double {
        let start = ContinuousClock.now
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
        return Double(total) / elapsed
    }

    /// One GET; its body, or an error unless it answered 200.
    static func body(_ client: HTTPClient, _ url: String) async throws -> ByteBuffer {
        let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        guard response.status == .ok else { throw BenchFailure("GET \(url) answered \(response.status.code)") }
        return body
    }
}
