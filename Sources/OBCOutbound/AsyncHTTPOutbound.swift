import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import OBCCore
import OBCPluginAPI

/// `OutboundHTTP` over AsyncHTTPClient: one shared client, TLS chosen per request so each
/// software statement presents its own OBWAC certificate (with its whole chain). Connection
/// pools are keyed by TLS configuration, so repeated calls with one certificate reuse their
/// connections.
public final class AsyncHTTPOutbound: OutboundHTTP {
    let client: HTTPClient
    let extraTrustRoots: [NIOSSLCertificate]
    let timeout: Duration?
    private let identities = IdentityCache()

    /// `extraTrustRootsPEMFile` adds CA certificates (for example a simulator's) to the system roots.
    /// `timeout`, when set, replaces every request's own deadline.
    public init(extraTrustRootsPEMFile: String? = nil, timeout: Duration? = nil) throws {
        self.timeout = timeout
        if let path = extraTrustRootsPEMFile {
            do {
                extraTrustRoots = try NIOSSLCertificate.fromPEMFile(path)
            } catch {
                throw OBCError(.misconfigured, "OpenBankingConnector:Http:ExtraTrustRoots: cannot read CA certificates from \(path): \(error)")
            }
        } else {
            extraTrustRoots = []
        }
        client = Self.failFastClient
    }

    /// The process-wide client (it lives as long as the process, so commands that build a
    /// runtime and exit need no shutdown step). Unlike `HTTPClient.shared` it does not retry
    /// a refused connection with backoff until the deadline: the request fails at once, and
    /// the next one opens a fresh connection. The request's deadline still bounds slow peers.
    static let failFastClient: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(90))
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    public func send(_ request: OutboundRequest) async throws(OBCError) -> OutboundResponse {
        var outbound = HTTPClientRequest(url: request.url)
        outbound.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers { outbound.headers.add(name: name, value: value) }
        if let requestId = OutboundCallScope.requestId { outbound.headers.replaceOrAdd(name: "X-Request-Id", value: requestId) }
        if let body = request.body { outbound.body = .bytes(ByteBuffer(bytes: body)) }
        do {
            outbound.tlsConfiguration = try await tlsConfiguration(for: request.identity)
        } catch {
            throw OBCError(.invalidRequest, "The client certificate or key for \(request.method) \(request.url) cannot be used for TLS: \(error)")
        }
        do {
            let (seconds, attoseconds) = (timeout ?? request.timeout).components
            let timeout = TimeAmount.nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
            let response = try await client.execute(outbound, timeout: timeout)
            let body = try await response.body.collect(upTo: 8 * 1024 * 1024)
            var headers: [String: String] = [:]
            for header in response.headers { headers[header.name.lowercased()] = header.value }
            return OutboundResponse(status: Int(response.status.code), headers: headers, body: Data(body.readableBytesView))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw OBCError(.upstream(status: 504), "\(request.method) \(request.url) timed out (\(error)).", extras: Self.extras(request, "timeout"))
        } catch let error as NIOSSLError {
            throw await keyFailure(request)
                ?? OBCError(.upstream(status: 502), "\(request.method) \(request.url) failed in TLS: \(error).", extras: Self.extras(request, "tls"))
        } catch let error as BoringSSLError {
            throw await keyFailure(request)
                ?? OBCError(.upstream(status: 502), "\(request.method) \(request.url) failed in TLS: \(error).", extras: Self.extras(request, "tls"))
        } catch let error as KeySourceError {
            // The handshake's signature failed in the client key's keeper and reached us as it is.
            throw await keyFailure(request, error)
                ?? OBCError(.upstream(status: 502), "\(request.method) \(request.url) failed: \(error).", extras: Self.extras(request, "tls"))
        } catch {
            let failure = "\(error)".localizedCaseInsensitiveContains("refused") ? "refused" : "transport"
            throw OBCError(.upstream(status: 502), "\(request.method) \(request.url) failed: \(error).", extras: Self.extras(request, failure))
        }
    }

    /// A handshake that failed because the client key's keeper (a PKCS#11 token) could not sign:
    /// ours to fix, not the bank's (503 naming the key).
    func keyFailure(_ request: OutboundRequest, _ error: KeySourceError? = nil) async -> OBCError? {
        guard let identity = request.identity, let failure = await identities.failure(of: identity) ?? error else { return nil }
        return OBCError(
            [.unavailable, .timeout].contains(failure.reason) ? .unavailable : .misconfigured,
            "\(request.method) \(request.url): the client key \(identity.key.keyName) could not sign the TLS handshake: \(failure.message)",
            extras: Self.extras(request, "tls"))
    }

    /// `transportFailure` (timeout, tls, refused, transport) lets metrics and logs tell the faults apart.
    static func extras(_ request: OutboundRequest, _ failure: String) -> [String: String] {
        ["endpointHttpMethod": request.method, "endpointUrl": request.url, "transportFailure": failure]
    }

    func tlsConfiguration(for identity: TransportIdentity?) async throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        if !extraTrustRoots.isEmpty { tls.additionalTrustRoots = [.certificates(extraTrustRoots)] }
        if let identity {
            let (chain, key) = try await identities.parsed(identity)
            tls.certificateChain = chain.map { .certificate($0) }
            tls.privateKey = .privateKey(key)
        }
        return tls
    }
}

/// Parsed client certificates and keys, so each identity is decoded once, not per request. An
/// in-process key goes to BoringSSL as it is; a kept key (a PKCS#11 token's) becomes a
/// `SignerTLSKey`, so the handshake's signature is made by its keeper.
actor IdentityCache {
    private var cache: [String: ([NIOSSLCertificate], NIOSSLPrivateKey, SignerTLSKey?)] = [:]

    func parsed(_ identity: TransportIdentity) throws -> ([NIOSSLCertificate], NIOSSLPrivateKey) {
        let inProcess = identity.key as? SigningKey
        let cacheKey = identity.certificatePEM + (inProcess == nil ? "\u{0}" + identity.key.keyName : "")
        if let cached = cache[cacheKey] { return (cached.0, cached.1) }
        let chain = try NIOSSLCertificate.fromPEMBytes(Array(identity.certificatePEM.utf8))
        if let inProcess {
            let key = try NIOSSLPrivateKey(bytes: Array(inProcess.pemForTLS.revealed.utf8), format: .pem)
            cache[cacheKey] = (chain, key, nil)
            return (chain, key)
        }
        let custom = SignerTLSKey(signer: identity.key)
        let key = NIOSSLPrivateKey(customPrivateKey: custom)
        cache[cacheKey] = (chain, key, custom)
        return (chain, key)
    }

    /// Why the kept key of `identity` last failed to sign, if it did.
    func failure(of identity: TransportIdentity) -> KeySourceError? {
        guard !(identity.key is SigningKey) else { return nil }
        return cache[identity.certificatePEM + "\u{0}" + identity.key.keyName]?.2?.takeFailure()
    }
}
