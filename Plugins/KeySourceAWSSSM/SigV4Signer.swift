import Crypto
import Foundation

/// AWS Signature Version 4 (`AWS4-HMAC-SHA256`) for request headers, written from the AWS
/// specification so the plugin needs no AWS SDK. Each stage (canonical request, string to
/// sign, signing key, signature) is a separate function so tests can compare every one of
/// them with the official test suite, not just the final signature.
public struct SigV4Signer: Sendable {
    /// The algorithm name that starts the string to sign and the `Authorization` header.
    public static let algorithm = "AWS4-HMAC-SHA256"

    /// Headers never signed. Proxies and HTTP libraries add, drop or rewrite them in transit,
    /// so a signature covering them breaks; the list matches botocore's (which is also what
    /// moto uses to check signatures), plus `authorization`, which cannot sign itself.
    public static let unsignableHeaders: Set<String> = [
        "authorization", "connection", "expect", "keep-alive", "proxy-authenticate",
        "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade",
        "user-agent", "x-amzn-trace-id",
    ]

    /// The signing name of the service (`ssm`) and the region, as in the credential scope.
    public var service: String
    public var region: String

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

    /// The result of signing: every intermediate stage plus the headers to send.
    public struct Signed: Sendable {
        public var canonicalRequest: String
        public var stringToSign: String
        public var signature: String
        public var signedHeaders: String
        public var authorization: String
        /// Headers the caller must add to the request as sent: `X-Amz-Date`, the session
        /// token and content hash when used, and `Authorization`.
        public var headersToAdd: [(name: String, value: String)]
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
        let stamp = AmzDate(date)
        let payloadHash = Self.hexSHA256(body)
        var added: [(name: String, value: String)] = [("X-Amz-Date", stamp.dateTime)]
        if options.addContentSHA256Header { added.append(("X-Amz-Content-Sha256", payloadHash)) }
        var signedInput = headers + added
        if let token = credentials.sessionToken {
            added.append(("X-Amz-Security-Token", token))
            if !options.omitSessionTokenFromSignature { signedInput.append(("X-Amz-Security-Token", token)) }
        }
        let canonicalHeaders = Self.canonicalHeaders(signedInput)
        let canonicalRequest = Self.canonicalRequest(
            method: method,
            canonicalURI: Self.canonicalURI(path, normalize: options.normalizePath),
            canonicalQuery: query.map(Self.canonicalQuery) ?? "",
            canonicalHeaders: canonicalHeaders.block,
            signedHeaders: canonicalHeaders.signedHeaders,
            payloadHash: payloadHash
        )
        let scope = credentialScope(date: stamp.date)
        let stringToSign = Self.stringToSign(canonicalRequest: canonicalRequest, dateTime: stamp.dateTime, credentialScope: scope)
        let key = Self.signingKey(secretAccessKey: credentials.secretAccessKey, date: stamp.date, region: region, service: service)
        let signature = Self.signature(signingKey: key, stringToSign: stringToSign)
        let authorization = "\(Self.algorithm) Credential=\(credentials.accessKeyId)/\(scope), SignedHeaders=\(canonicalHeaders.signedHeaders), Signature=\(signature)"
        added.append(("Authorization", authorization))
        return Signed(
            canonicalRequest: canonicalRequest,
            stringToSign: stringToSign,
            signature: signature,
            signedHeaders: canonicalHeaders.signedHeaders,
            authorization: authorization,
            headersToAdd: added
        )
    }

    /// `yyyyMMdd/region/service/aws4_request`: what the derived key is bound to.
    public func credentialScope(date: String) -> String {
        "\(date)/\(region)/\(service)/aws4_request"
    }

    // MARK: Stage 1: canonical request

    /// `METHOD\nURI\nQUERY\nHEADERS\n\nSIGNED-HEADERS\nPAYLOAD-HASH` (the header block ends in `\n`).
    public static func canonicalRequest(
        method: String,
        canonicalURI: String,
        canonicalQuery: String,
        canonicalHeaders: String,
        signedHeaders: String,
        payloadHash: String
    ) -> String {
        var result = method
        result.reserveCapacity(method.utf8.count + canonicalURI.utf8.count + canonicalQuery.utf8.count + canonicalHeaders.utf8.count + signedHeaders.utf8.count + 72)
        result += "\n"
        result += canonicalURI
        result += "\n"
        result += canonicalQuery
        result += "\n"
        result += canonicalHeaders
        result += "\n"
        result += signedHeaders
        result += "\n"
        result += payloadHash
        return result
    }

    /// The path, optionally normalised (RFC 3986 dot-segment removal, empty segments dropped),
    /// then URI-encoded byte by byte except unreserved characters and `/`.
    public static func canonicalURI(_ path: String, normalize: Bool) -> String {
        let path = path.isEmpty ? "/" : path
        let normalised = normalize ? normalizedPath(path) : path
        return uriEncode(normalised, keepSlash: true)
    }

    static func normalizedPath(_ path: String) -> String {
        // Fast path: nothing to remove (the common `/` case for SSM).
        if !path.contains("//") && !path.contains("/.") { return path }
        var segments: [Substring] = []
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        for part in parts {
            switch part {
            case "", ".": continue
            case "..": if !segments.isEmpty { segments.removeLast() }
            default: segments.append(part)
            }
        }
        let last = parts.last ?? ""
        let trailingSlash = last.isEmpty || last == "." || last == ".."
        var result = "/" + segments.joined(separator: "/")
        if trailingSlash && !segments.isEmpty { result += "/" }
        return result
    }

    /// Parameters are percent-decoded, re-encoded with the unreserved set, and sorted by
    /// name then value, so any spelling of the same query signs the same way.
    public static func canonicalQuery(_ query: String) -> String {
        if query.isEmpty { return "" }
        var pairs: [(String, String)] = []
        for item in query.split(separator: "&", omittingEmptySubsequences: true) {
            let name: Substring
            let value: Substring
            if let equals = item.firstIndex(of: "=") {
                name = item[..<equals]
                value = item[item.index(after: equals)...]
            } else {
                name = item
                value = ""
            }
            pairs.append((uriEncode(percentDecoded(name), keepSlash: false), uriEncode(percentDecoded(value), keepSlash: false)))
        }
        // Encoded names and values are ASCII, where String order is byte order.
        pairs.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        return pairs.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// Lower-cased names, values trimmed with inner whitespace runs collapsed, repeated
    /// headers joined by `,` in the order given, sorted by name. Returns the block (each line
    /// ending in `\n`) and the `;`-joined signed header list.
    public static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> (block: String, signedHeaders: String) {
        var entries: [(name: String, value: String)] = []
        entries.reserveCapacity(headers.count)
        for header in headers {
            let name = header.name.lowercased()
            if unsignableHeaders.contains(name) { continue }
            let value = collapsedWhitespace(header.value)
            if let index = entries.firstIndex(where: { $0.name == name }) {
                entries[index].value += ","
                entries[index].value += value
            } else {
                entries.append((name, value))
            }
        }
        entries.sort { $0.name < $1.name }
        var block = ""
        var signed = ""
        for (index, entry) in entries.enumerated() {
            block += entry.name
            block += ":"
            block += entry.value
            block += "\n"
            if index > 0 { signed += ";" }
            signed += entry.name
        }
        return (block, signed)
    }

    static func collapsedWhitespace(_ value: String) -> String {
        let bytes = value.utf8
        // Fast path: already trimmed, no doubled or non-space whitespace.
        var clean = true
        var previousSpace = true
        for byte in bytes {
            let isSpace = byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
            if isSpace && (previousSpace || byte != 0x20) { clean = false; break }
            previousSpace = isSpace
        }
        if clean && !previousSpace { return value }
        if clean && bytes.isEmpty { return value }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var pendingSpace = false
        for byte in bytes {
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                pendingSpace = !output.isEmpty
            } else {
                if pendingSpace { output.append(0x20); pendingSpace = false }
                output.append(byte)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    // MARK: Stage 2: string to sign

    /// `AWS4-HMAC-SHA256\n<dateTime>\n<scope>\n<hex SHA-256 of the canonical request>`.
    public static func stringToSign(canonicalRequest: String, dateTime: String, credentialScope: String) -> String {
        "\(algorithm)\n\(dateTime)\n\(credentialScope)\n\(hexSHA256(Array(canonicalRequest.utf8)))"
    }

    // MARK: Stage 3: signing key and signature

    /// HMAC chain `"AWS4"+secret → date → region → service → "aws4_request"`. The key is
    /// valid for one day, region and service, so callers may cache it.
    public static func signingKey(secretAccessKey: String, date: String, region: String, service: String) -> SymmetricKey {
        let secret = SymmetricKey(data: Array(("AWS4" + secretAccessKey).utf8))
        let kDate = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array(date.utf8), using: secret))
        let kRegion = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array(region.utf8), using: kDate))
        let kService = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array(service.utf8), using: kRegion))
        return SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array("aws4_request".utf8), using: kService))
    }

    /// Hex HMAC-SHA256 of the string to sign under the derived key.
    public static func signature(signingKey: SymmetricKey, stringToSign: String) -> String {
        hex(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: signingKey))
    }

    // MARK: Encoding helpers

    static func hexSHA256(_ bytes: [UInt8]) -> String {
        hex(SHA256.hash(data: bytes))
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var output: [UInt8] = []
        output.reserveCapacity(64)
        for byte in bytes {
            output.append(hexDigits[Int(byte >> 4)])
            output.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// RFC 3986 encoding: everything but `A-Z a-z 0-9 - . _ ~` (and `/` if asked) becomes `%XX`.
    static func uriEncode(_ string: String, keepSlash: Bool) -> String {
        let bytes = string.utf8
        if bytes.allSatisfy({ isUnreserved($0) || (keepSlash && $0 == 0x2F) }) { return string }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 3)
        let upper: [UInt8] = Array("0123456789ABCDEF".utf8)
        for byte in bytes {
            if isUnreserved(byte) || (keepSlash && byte == 0x2F) {
                output.append(byte)
            } else {
                output.append(0x25)
                output.append(upper[Int(byte >> 4)])
                output.append(upper[Int(byte & 0x0F)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2D, 0x2E, 0x5F, 0x7E: true
        default: false
        }
    }

    /// `%XX` sequences decoded to bytes; anything else (including `+`) kept as is.
    static func percentDecoded(_ string: Substring) -> String {
        let bytes = Array(string.utf8)
        guard bytes.contains(0x25) else { return String(string) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x25, index + 2 < bytes.count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}

/// The two timestamp spellings SigV4 uses, computed without `DateFormatter` (which is slow
/// and locale-sensitive): `yyyyMMdd'T'HHmmss'Z'` and `yyyyMMdd`, always UTC.
public struct AmzDate: Sendable, Equatable {
    public let dateTime: String
    public let date: String

    public init(_ instant: Date) {
        let seconds = Int64(instant.timeIntervalSince1970.rounded(.down))
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 { secondOfDay += 86_400; days -= 1 }
        // Civil-from-days (Howard Hinnant's algorithm), valid for the proleptic Gregorian calendar.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)

        var digits: [UInt8] = []
        digits.reserveCapacity(16)
        func append(_ value: Int64, width: Int) {
            var divisor: Int64 = 1
            for _ in 1..<width { divisor *= 10 }
            var remaining = value
            while divisor > 0 {
                digits.append(UInt8(0x30 + remaining / divisor))
                remaining %= divisor
                divisor /= 10
            }
        }
        append(year, width: 4)
        append(month, width: 2)
        append(day, width: 2)
        let dateOnly = String(decoding: digits, as: UTF8.self)
        digits.append(0x54)  // T
        append(secondOfDay / 3_600, width: 2)
        append(secondOfDay % 3_600 / 60, width: 2)
        append(secondOfDay % 60, width: 2)
        digits.append(0x5A)  // Z
        self.date = dateOnly
        self.dateTime = String(decoding: digits, as: UTF8.self)
    }
}
