import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import OBCPluginAPI

/// One HTTP exchange with a hard deadline for a plugin that calls a cloud service (a secret
/// store, its credential and token endpoints, instance metadata), turning transport failures
/// into `SecretServiceError` so every caller reports timeouts and unreachable endpoints alike.
///
/// It uses one process-wide client for the plugins, configured as the product's outbound client
/// is: a refused connection fails at once (AsyncHTTPClient would otherwise retry with backoff
/// until the deadline), connecting has its own 10 s limit, and redirects are not followed (they
/// would carry a bearer token or a signed request elsewhere). Extra trust roots are added per request.
public struct PluginHTTP: Sendable {
    public let client: HTTPClient
    let tlsConfiguration: TLSConfiguration?

    public struct Response: Sendable {
        public var status: Int
        public var headers: HTTPHeaders
        public var body: [UInt8]

        public init(status: Int, headers: HTTPHeaders, body: [UInt8]) {
            self.status = status
            self.headers = headers
            self.body = body
        }
    }

    /// Bodies plugins read are small JSON or XML documents; anything bigger is refused.
    public static let maximumBodySize = 1 << 20

    public static let failFastClient: HTTPClient = {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.timeout = .init(connect: .seconds(10))
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// `client` nil means ``failFastClient``; `extraTrustRoots` are trusted for https URLs besides the system's.
    public init(client: HTTPClient? = nil, extraTrustRoots: [NIOSSLCertificate] = []) {
        self.client = client ?? Self.failFastClient
        if extraTrustRoots.isEmpty {
            tlsConfiguration = nil
        } else {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.additionalTrustRoots = [.certificates(extraTrustRoots)]
            tlsConfiguration = tls
        }
    }

    /// Sends one request; `what` names the peer in errors ("the secret service at https://…").
    public func send(
        method: HTTPMethod,
        url: String,
        headers: [(name: String, value: String)],
        body: [UInt8]? = nil,
        timeout: Duration,
        what: String
    ) async throws(SecretServiceError) -> Response {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for header in headers { request.headers.add(name: header.name, value: header.value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        if let tlsConfiguration, url.lowercased().hasPrefix("https:") { request.tlsConfiguration = tlsConfiguration }
        let (seconds, attoseconds) = timeout.components
        let amount = TimeAmount.nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        do {
            let response = try await client.execute(request, timeout: amount)
            let buffer = try await response.body.collect(upTo: Self.maximumBodySize)
            return Response(status: Int(response.status.code), headers: response.headers, body: Array(buffer.readableBytesView))
        } catch let error as HTTPClientError where [.deadlineExceeded, .readTimeout, .connectTimeout].contains(error) {
            throw SecretServiceError(.timeout, code: "Timeout", "\(what) did not answer within \(Self.describe(timeout))")
        } catch ChannelError.connectTimeout(_) {
            throw SecretServiceError(.timeout, code: "Timeout", "\(what) did not answer within \(Self.describe(timeout))")
        } catch {
            throw SecretServiceError(.unavailable, code: "ConnectionFailed", "\(what) could not be reached: \(error)")
        }
    }

    /// `10 s`, `0.5 s`.
    public static func describe(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
    }

    /// `application/x-www-form-urlencoded`, as OAuth token endpoints take their parameters.
    public static func formBody(_ fields: [(String, String)]) -> [UInt8] {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        let text = fields.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
        return Array(text.utf8)
    }
}
