import Crypto
import Foundation
import Synchronization

/// AWS Signature Version 4 (`AWS4-HMAC-SHA256`) for request headers, written from the AWS
/// specification so the plugin needs no AWS SDK. The result carries every stage (canonical
/// request, string to sign, signature) and the stage functions are public, so tests compare
/// each stage with the official test suite, not just the final signature.
///
/// The request is built as bytes, and the derived signing key (valid for one day, region and
/// service) is cached with its HMAC state prepared, as the AWS SDKs do: signing then costs
/// two SHA-256 hashes and one HMAC instead of five HMAC key set-ups.
public struct SigV4Signer: Sendable {
    /// The algorithm name that starts the string to sign and the `Authorization` header.
    public static let algorithm = "AWS4-HMAC-SHA256"

    /// Headers never signed. Proxies and HTTP libraries add, drop or rewrite them in transit,
    /// so a signature covering them breaks; the list matches botocore's (which is also what
    /// moto uses to check signatures), plus `authorization`, which cannot sign itself.
    public static let unsignableHeaders: [String] = [
        "authorization", "connection", "expect", "keep-alive", "proxy-authenticate",
        "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade",
        "user-agent", "x-amzn-trace-id",
    ]
    static let unsignableHeaderBytes: [[UInt8]] = unsignableHeaders.map { Array($0.utf8) }

    /// The signing name of the service (`ssm`) and the region, as in the credential scope.
    public let service: String
    public let region: String
    private let cache = SigningCache()

    public init(service: String, region: String) {
        self.service = service
        self.region = region
    }

    /// Knobs the official test suite varies; the defaults are what SSM needs.
    public struct Options: Sendable {
        /// Remove `.`/`..` segments and repeated slashes from the path (every service but S3).
        public var normalizePath: Bool
        /// Add and sign `x-amz-content-sha256` (S3 wants it; SSM does not need it).
        public var addContentSHA256Header: Bool
        /// Send the session token without signing it (a few services want it added afterwards).
        public var omitSessionTokenFromSignature: Bool

        public init(normalizePath: Bool = true, addContentSHA256Header: Bool = false, omitSessionTokenFromSignature: Bool = false) {
            self.normalizePath = normalizePath
            self.addContentSHA256Header = addContentSHA256Header
            self.omitSessionTokenFromSignature = omitSessionTokenFromSignature
        }
    }

    /// The result of signing: every intermediate stage plus the headers to send. The stages
    /// are kept as bytes and turned into strings only when read.
    public struct Signed: Sendable {
        let canonicalRequestBytes: [UInt8]
        let stringToSignBytes: [UInt8]
        public let signature: String
        public let signedHeaders: String
        public let authorization: String
        /// Headers the caller must add to the request as sent: `X-Amz-Date`, the session
        /// token and content hash when used, and `Authorization`.
        public let headersToAdd: [(name: String, value: String)]

        public var canonicalRequest: String { String(decoding: canonicalRequestBytes, as: UTF8.self) }
        public var stringToSign: String { String(decoding: stringToSignBytes, as: UTF8.self) }
    }

    /// Signs a request.
    /// - Parameters:
    ///   - path: the path as it goes on the wire (already percent-encoded where needed);
    ///     it is encoded once more, as SigV4 requires for every service but S3.
    ///   - query: the raw query string without `?`, or nil.
    ///   - headers: the headers to sign, which must include `host`. Unsignable ones are skipped.
    public func sign(
        method: String,
        path: String,
        query: String?,
        headers: [(name: String, value: String)],
        body: [UInt8],
        credentials: AWSCredentials,
        date: Date,
        options: Options = Options()
    ) -> Signed {
        let stamp = cache.stamp(for: date)
        let payloadHash = Self.sha256Hex(body)
        var added: [(name: String, value: String)] = [("X-Amz-Date", stamp.dateTime)]
        if options.addContentSHA256Header {
            added.append(("X-Amz-Content-Sha256", String(decoding: payloadHash, as: UTF8.self)))
        }
        var signedInput = headers
        signedInput.append(contentsOf: added)
        if let token = credentials.sessionToken {
            added.append(("X-Amz-Security-Token", token))
            if !options.omitSessionTokenFromSignature { signedInput.append(("X-Amz-Security-Token", token)) }
        }
        let canonical = Self.canonicalHeaderBytes(signedInput)

        // Stage 1: METHOD \n URI \n QUERY \n HEADERS (each ending \n) \n SIGNED \n PAYLOAD-HASH
        var request: [UInt8] = []
        request.reserveCapacity(192 + canonical.block.count + path.utf8.count * 3 + (query?.utf8.count ?? 0) * 3)
        request.append(contentsOf: method.utf8)
        request.append(0x0A)
        Self.appendCanonicalURI(path, normalize: options.normalizePath, to: &request)
        request.append(0x0A)
        if let query { request.append(contentsOf: Self.canonicalQuery(query).utf8) }
        request.append(0x0A)
        request.append(contentsOf: canonical.block)
        request.append(0x0A)
        request.append(contentsOf: canonical.signed)
        request.append(0x0A)
        request.append(contentsOf: payloadHash)

        // Stage 2: the string to sign.
        let scope = credentialScope(date: stamp.date)
        let stringToSign = Self.stringToSignBytes(canonicalRequest: request, dateTime: stamp.dateTime, credentialScope: scope)

        // Stage 3: HMAC under the (cached) derived key.
        let key = cache.key(secretAccessKey: credentials.secretAccessKey, date: stamp.date, region: region, service: service)
        let signature = String(decoding: key.hexMAC(stringToSign), as: UTF8.self)
        let signedHeaders = String(decoding: canonical.signed, as: UTF8.self)
        var authorization = Self.algorithm
        authorization.reserveCapacity(160 + credentials.accessKeyId.utf8.count + canonical.signed.count)
        authorization += " Credential="
        authorization += credentials.accessKeyId
        authorization += "/"
        authorization += scope
        authorization += ", SignedHeaders="
        authorization += signedHeaders
        authorization += ", Signature="
        authorization += signature
        added.append(("Authorization", authorization))
        return Signed(
            canonicalRequestBytes: request,
            stringToSignBytes: stringToSign,
            signature: signature,
            signedHeaders: signedHeaders,
            authorization: authorization,
            headersToAdd: added
        )
    }

    /// `yyyyMMdd/region/service/aws4_request`: what the derived key is bound to.
    public func credentialScope(date: String) -> String {
        "\(date)/\(region)/\(service)/aws4_request"
    }
}
