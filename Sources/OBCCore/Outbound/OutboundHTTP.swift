import Foundation
import OBCPluginAPI

/// The core's only door to the network. The core builds Open Banking requests (SSA,
/// discovery, DCR, tokens); an implementation outside the core (AsyncHTTPClient) moves the
/// bytes over TLS, presenting `identity` as the client certificate when given.
public protocol OutboundHTTP: Sendable {
    /// Sends the request. Transport failures (DNS, connect, TLS, timeout) throw
    /// `OBCError(.upstream(status: nil))` naming the method, the URL and the reason.
    func send(_ request: OutboundRequest) async throws(OBCError) -> OutboundResponse
}

/// The client certificate (OBWAC) and the key that signs the TLS handshake for it: an
/// in-process `SigningKey`, or a key its key source keeps (a PKCS#11 token), which the network
/// side asks to sign the handshake (TLS 1.2 and 1.3 signature schemes).
public struct TransportIdentity: Sendable {
    public var certificatePEM: String
    public var key: any KeySigner

    public init(certificatePEM: String, key: any KeySigner) {
        self.certificatePEM = certificatePEM
        self.key = key
    }

    /// An identity whose key is a PEM secret, parsed into an in-process key.
    public init(certificatePEM: String, privateKeyPEM: SecretValue) throws(OBCError) {
        self.init(certificatePEM: certificatePEM, key: try SigningKey(pem: privateKeyPEM))
    }
}

public struct OutboundRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(String, String)]
    public var body: Data?
    public var identity: TransportIdentity?
    public var timeout: Duration
    /// The kind of endpoint, for metrics and logs.
    public var endpoint: OutboundEndpoint
    /// The bank profile the call is made for (the task's `OutboundCallScope.bankProfile` unless given).
    public var bankProfile: String?

    public init(
        method: String, url: String, headers: [(String, String)] = [], body: Data? = nil, identity: TransportIdentity?,
        timeout: Duration = .seconds(30), endpoint: OutboundEndpoint = .other, bankProfile: String? = OutboundCallScope.bankProfile
    ) {
        self.endpoint = endpoint
        self.bankProfile = bankProfile
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.identity = identity
        self.timeout = timeout
    }
}

public struct OutboundResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as JSON, or nil.
    public var json: JSONValue? { try? JSONDecoder().decode(JSONValue.self, from: body) }
}

extension OutboundHTTP {
    /// Sends and requires a 2xx answer; any other status becomes OBC's pass-through error
    /// (status, endpoint, method and the bank's body), as OBC reports it.
    public func exchange(_ request: OutboundRequest, purpose: String) async throws(OBCError) -> OutboundResponse {
        let response = try await send(request)
        guard (200..<300).contains(response.status) else {
            throw OBCError(
                .upstream(status: response.status),
                "\(purpose): \(request.method) \(request.url) answered HTTP \(response.status).",
                extras: [
                    "endpointHttpMethod": request.method, "endpointUrl": request.url, "endpointStatus": String(response.status),
                    "endpointResponse": String(response.text.prefix(4000)),
                ]
            )
        }
        return response
    }
}

extension Data {
    /// `application/x-www-form-urlencoded` from ordered pairs.
    static func formEncoded(_ pairs: [(String, String)]) -> Data {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        func encode(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text }
        return Data(pairs.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&").utf8)
    }
}
