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
    private static let unsignableHeaderBytes: [[UInt8]] = unsignableHeaders.map { Array($0.utf8) }

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

    // MARK: Stage 1: canonical request parts

    /// The path, optionally normalised (RFC 3986 dot-segment removal, empty segments dropped),
    /// then URI-encoded byte by byte except unreserved characters and `/`.
    public static func canonicalURI(_ path: String, normalize: Bool) -> String {
        var bytes: [UInt8] = []
        appendCanonicalURI(path, normalize: normalize, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func appendCanonicalURI(_ path: String, normalize: Bool, to output: inout [UInt8]) {
        if path.isEmpty || path == "/" {
            output.append(0x2F)
            return
        }
        let normalised = normalize && needsNormalization(path) ? normalizedPath(path) : path
        appendURIEncoded(normalised.utf8, keepSlash: true, to: &output)
    }

    /// True when the path has a `//`, `/./` or `/../` (or ends in `/.` or `/..`).
    static func needsNormalization(_ path: String) -> Bool {
        var previous: UInt8 = 0
        for byte in path.utf8 {
            if previous == 0x2F && (byte == 0x2F || byte == 0x2E) { return true }
            previous = byte
        }
        return false
    }

    static func normalizedPath(_ path: String) -> String {
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
        let bytes = canonicalHeaderBytes(headers)
        return (String(decoding: bytes.block, as: UTF8.self), String(decoding: bytes.signed, as: UTF8.self))
    }

    static func canonicalHeaderBytes(_ headers: [(name: String, value: String)]) -> (block: [UInt8], signed: [UInt8]) {
        var entries: [(name: [UInt8], value: [UInt8])] = []
        entries.reserveCapacity(headers.count)
        var total = 0
        for header in headers {
            var name = Array(header.name.utf8)
            for index in name.indices where name[index] >= 0x41 && name[index] <= 0x5A { name[index] |= 0x20 }
            if unsignableHeaderBytes.contains(name) { continue }
            let value = collapsedWhitespace(header.value.utf8)
            total += name.count + value.count + 3
            if let index = entries.firstIndex(where: { $0.name == name }) {
                entries[index].value.append(0x2C)
                entries[index].value.append(contentsOf: value)
            } else {
                entries.append((name, value))
            }
        }
        entries.sort { $0.name.lexicographicallyPrecedes($1.name) }
        var block: [UInt8] = []
        block.reserveCapacity(total)
        var signed: [UInt8] = []
        signed.reserveCapacity(total)
        for (index, entry) in entries.enumerated() {
            block.append(contentsOf: entry.name)
            block.append(0x3A)
            block.append(contentsOf: entry.value)
            block.append(0x0A)
            if index > 0 { signed.append(0x3B) }
            signed.append(contentsOf: entry.name)
        }
        return (block, signed)
    }

    /// Leading and trailing whitespace dropped, inner runs (spaces, tabs, folded line
    /// breaks) turned into one space.
    static func collapsedWhitespace(_ bytes: String.UTF8View) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var pendingSpace = false
        for byte in bytes {
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                pendingSpace = !output.isEmpty
            } else {
                if pendingSpace {
                    output.append(0x20)
                    pendingSpace = false
                }
                output.append(byte)
            }
        }
        return output
    }

    // MARK: Stage 2: string to sign

    /// `AWS4-HMAC-SHA256\n<dateTime>\n<scope>\n<hex SHA-256 of the canonical request>`.
    public static func stringToSign(canonicalRequest: String, dateTime: String, credentialScope: String) -> String {
        String(
            decoding: stringToSignBytes(canonicalRequest: Array(canonicalRequest.utf8), dateTime: dateTime, credentialScope: credentialScope),
            as: UTF8.self)
    }

    static func stringToSignBytes(canonicalRequest: [UInt8], dateTime: String, credentialScope: String) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(18 + dateTime.utf8.count + credentialScope.utf8.count + 66)
        output.append(contentsOf: algorithm.utf8)
        output.append(0x0A)
        output.append(contentsOf: dateTime.utf8)
        output.append(0x0A)
        output.append(contentsOf: credentialScope.utf8)
        output.append(0x0A)
        output.append(contentsOf: sha256Hex(canonicalRequest))
        return output
    }

    // MARK: Stage 3: signing key and signature

    /// HMAC chain `"AWS4"+secret → date → region → service → "aws4_request"`. The key is
    /// valid for one day, region and service, so the signer caches it.
    public static func signingKey(secretAccessKey: String, date: String, region: String, service: String) -> SymmetricKey {
        SymmetricKey(data: signingKeyBytes(secretAccessKey: secretAccessKey, date: date, region: region, service: service))
    }

    static func signingKeyBytes(secretAccessKey: String, date: String, region: String, service: String) -> [UInt8] {
        func hmac(_ key: [UInt8], _ message: String) -> [UInt8] {
            PreparedHMAC(keyBytes: key).mac(Array(message.utf8)).withUnsafeBytes { Array($0) }
        }
        let kDate = hmac(Array(("AWS4" + secretAccessKey).utf8), date)
        let kRegion = hmac(kDate, region)
        let kService = hmac(kRegion, service)
        return hmac(kService, "aws4_request")
    }

    /// Hex HMAC-SHA256 of the string to sign under the derived key.
    public static func signature(signingKey: SymmetricKey, stringToSign: String) -> String {
        String(decoding: PreparedHMAC(key: signingKey).hexMAC(Array(stringToSign.utf8)), as: UTF8.self)
    }

    // MARK: Encoding helpers

    private static let lowerHex: [UInt8] = Array("0123456789abcdef".utf8)
    private static let upperHex: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Lower-case hex SHA-256, as bytes ready to append.
    static func sha256Hex(_ bytes: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return hex(hasher.finalize())
    }

    static func hex(_ digest: SHA256Digest) -> [UInt8] {
        digest.withUnsafeBytes { raw in
            [UInt8](unsafeUninitializedCapacity: raw.count * 2) { output, count in
                for (index, byte) in raw.enumerated() {
                    output[index * 2] = lowerHex[Int(byte >> 4)]
                    output[index * 2 + 1] = lowerHex[Int(byte & 0x0F)]
                }
                count = raw.count * 2
            }
        }
    }

    /// RFC 3986 encoding: everything but `A-Z a-z 0-9 - . _ ~` (and `/` if asked) becomes `%XX`.
    static func uriEncode(_ string: String, keepSlash: Bool) -> String {
        var output: [UInt8] = []
        appendURIEncoded(string.utf8, keepSlash: keepSlash, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    static func appendURIEncoded(_ bytes: String.UTF8View, keepSlash: Bool, to output: inout [UInt8]) {
        output.reserveCapacity(output.count + bytes.count * 3)
        for byte in bytes {
            if isUnreserved(byte) || (keepSlash && byte == 0x2F) {
                output.append(byte)
            } else {
                output.append(0x25)
                output.append(upperHex[Int(byte >> 4)])
                output.append(upperHex[Int(byte & 0x0F)])
            }
        }
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

/// HMAC-SHA256 (RFC 2104) with the keyed inner and outer hash states computed once, so
/// each message costs two hash finalisations and no key set-up. Used for the derived
/// SigV4 key, which stays the same for a whole day.
struct PreparedHMAC: Sendable {
    private let inner: SHA256
    private let outer: SHA256

    init(key: SymmetricKey) {
        self.init(keyBytes: key.withUnsafeBytes { Array($0) })
    }

    init(keyBytes: [UInt8]) {
        // Keys longer than a block are hashed first (RFC 2104 §2); SigV4 keys are 32 bytes.
        var block = keyBytes.count > 64 ? Array(SHA256.hash(data: keyBytes)) : keyBytes
        block.append(contentsOf: repeatElement(0, count: 64 - block.count))
        var inner = SHA256()
        var outer = SHA256()
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { pad in
            for index in 0..<64 { pad[index] = block[index] ^ 0x36 }
            inner.update(bufferPointer: UnsafeRawBufferPointer(pad))
            for index in 0..<64 { pad[index] = block[index] ^ 0x5C }
            outer.update(bufferPointer: UnsafeRawBufferPointer(pad))
        }
        self.inner = inner
        self.outer = outer
    }

    func mac(_ message: [UInt8]) -> SHA256Digest {
        var inner = self.inner
        message.withUnsafeBytes { inner.update(bufferPointer: $0) }
        var outer = self.outer
        inner.finalize().withUnsafeBytes { outer.update(bufferPointer: $0) }
        return outer.finalize()
    }

    func hexMAC(_ message: [UInt8]) -> [UInt8] {
        SigV4Signer.hex(mac(message))
    }
}

/// The last derived key and the last timestamp, shared by copies of one signer. A signer
/// serves one set of credentials at a time, so one entry of each is enough.
final class SigningCache: Sendable {
    private struct KeyEntry {
        var secretAccessKey: String
        var date: String
        var region: String
        var service: String
        var key: PreparedHMAC
    }

    private let lastKey = Mutex<KeyEntry?>(nil)
    private let lastStamp = Mutex<(second: Int64, stamp: AmzDate)?>(nil)

    func key(secretAccessKey: String, date: String, region: String, service: String) -> PreparedHMAC {
        if let entry = lastKey.withLock({ $0 }),
            entry.date == date, entry.secretAccessKey == secretAccessKey, entry.region == region, entry.service == service
        {
            return entry.key
        }
        let key = PreparedHMAC(keyBytes: SigV4Signer.signingKeyBytes(secretAccessKey: secretAccessKey, date: date, region: region, service: service))
        lastKey.withLock { $0 = KeyEntry(secretAccessKey: secretAccessKey, date: date, region: region, service: service, key: key) }
        return key
    }

    func stamp(for date: Date) -> AmzDate {
        let second = Int64(date.timeIntervalSince1970.rounded(.down))
        if let last = lastStamp.withLock({ $0 }), last.second == second { return last.stamp }
        let stamp = AmzDate(date)
        lastStamp.withLock { $0 = (second, stamp) }
        return stamp
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
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
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
