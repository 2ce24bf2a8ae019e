import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One HTTP exchange with a hard deadline, turning transport failures into `AWSError` so
/// every caller (SSM, ECS, IMDS) reports timeouts and unreachable endpoints the same way.
struct AWSHTTP: Sendable {
    let client: HTTPClient

    struct Response: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]
    }

    /// Bodies this plugin reads are small JSON or XML documents; anything bigger is refused.
    static let maximumBodySize = 1 << 20

    /// The plugin's process-wide client. A refused connection fails at once (AsyncHTTPClient's
    /// default retries it with backoff until the deadline), so an unreachable SSM, ECS agent or
    /// instance metadata service is reported in well under a second; each call's deadline
    /// still bounds a slow one.
    static let failFastClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(10))
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// `client` nil means ``failFastClient``.
    init(client: HTTPClient? = nil) {
        self.client = client ?? Self.failFastClient
    }

    func send(
        method: HTTPMethod,
        url: String,
        headers: [(name: String, value: String)],
        body: [UInt8]? = nil,
        timeout: Duration,
        what: String
    ) async throws(AWSError) -> Response {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for header in headers { request.headers.add(name: header.name, value: header.value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let amount = TimeAmount.nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000)
        do {
            let response = try await client.execute(request, timeout: amount)
            let buffer = try await response.body.collect(upTo: Self.maximumBodySize)
            return Response(status: Int(response.status.code), headers: response.headers, body: Array(buffer.readableBytesView))
        } catch let error as HTTPClientError where [.deadlineExceeded, .readTimeout, .connectTimeout].contains(error) {
            throw AWSError(.timeout, code: "Timeout", "\(what) did not answer within \(Self.describe(timeout))")
        } catch ChannelError.connectTimeout(_) {
            throw AWSError(.timeout, code: "Timeout", "\(what) did not answer within \(Self.describe(timeout))")
        } catch {
            throw AWSError(.unavailable, code: "ConnectionFailed", "\(what) could not be reached: \(error)")
        }
    }

    static func describe(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
    }
}
