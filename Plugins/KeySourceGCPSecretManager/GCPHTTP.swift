import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// One HTTP exchange with a hard deadline, turning transport failures into `GCPError` so the
/// API, the token endpoints and the metadata server report timeouts and refusals alike.
///
/// It uses the plugin's own process-wide client, configured as the product's outbound client
/// is: a refused connection fails at once (AsyncHTTPClient would otherwise retry until the
/// deadline), redirects are not followed (they would carry the bearer token elsewhere), and
/// the extra trust roots of `OpenBankingConnector:Http:ExtraTrustRoots` are added per request.
struct GCPHTTP: Sendable {
    let client: HTTPClient
    let tlsConfiguration: TLSConfiguration?

    struct Response: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]
    }

    /// Bodies this plugin reads are small JSON documents (a secret is at most 64 KiB).
    static let maximumBodySize = 1 << 20

    static let failFastClient: HTTPClient = {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.timeout = .init(connect: .seconds(10))
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    init(client: HTTPClient = Self.failFastClient, extraTrustRoots: [NIOSSLCertificate] = []) {
        self.client = client
        if extraTrustRoots.isEmpty {
            tlsConfiguration = nil
        } else {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.additionalTrustRoots = [.certificates(extraTrustRoots)]
            tlsConfiguration = tls
        }
    }

    func send(
        method: HTTPMethod,
        url: String,
        headers: [(name: String, value: String)],
        body: [UInt8]? = nil,
        timeout: Duration,
        what: String
    ) async throws(GCPError) -> Response {
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
            throw GCPError(.timeout, code: "Timeout", "\(what) did not answer within \(Self.describe(timeout))")
        } catch ChannelError.connectTimeout(_) {
            throw GCPError(.timeout, code: "Timeout", "\(what) did not answer within \(Self.describe(timeout))")
        } catch {
            throw GCPError(.unavailable, code: "ConnectionFailed", "\(what) could not be reached: \(error)")
        }
    }

    static func describe(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
    }

    /// `application/x-www-form-urlencoded`, as OAuth token endpoints take their parameters.
    static func formBody(_ fields: [(String, String)]) -> [UInt8] {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        let text = fields.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
        return Array(text.utf8)
    }
}
