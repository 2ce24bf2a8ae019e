import Crypto
import Foundation
import OBCPluginAPI
import X509
import _CryptoExtras

/// Compact JWS (RFC 7515) with the algorithms Open Banking uses: PS256 for DCR requests and
/// request objects, RS256 for Directory client assertions, ES256 where banks allow it.
/// Written over swift-crypto directly so header and payload bytes are exactly ours.
public enum CompactJWS {
    public enum Algorithm: String, Sendable, CaseIterable {
        case ps256 = "PS256"
        case rs256 = "RS256"
        case es256 = "ES256"

        /// What a `KeySigner` is asked for: PS256 is RSA-PSS with SHA-256 and a 32-byte salt.
        public var signingAlgorithm: SigningAlgorithm {
            switch self {
            case .ps256: .rsaPSSSHA256
            case .rs256: .rsaPKCS1SHA256
            case .es256: .ecdsaP256SHA256
            }
        }
    }

    /// Signs `claims` with `key`; the header carries `alg`, `kid` and `typ`.
    public static func sign(
        claims: JSONValue,
        key: SigningKey,
        algorithm: Algorithm,
        keyId: String?,
        type: String? = "JWT"
    ) throws -> String {
        let signingInput = signingInput(claims: claims, algorithm: algorithm, keyId: keyId, type: type)
        let signature = try signatureBytes(Data(signingInput.utf8), key: key, algorithm: algorithm)
        return signingInput + "." + base64URL(signature)
    }

    /// Signs `claims` with `signer` (an in-process key or one a key source keeps, such as a
    /// PKCS#11 token's). A signer that cannot sign now is a 503 naming the key.
    public static func sign(
        claims: JSONValue,
        signer: any KeySigner,
        algorithm: Algorithm,
        keyId: String?,
        type: String? = "JWT"
    ) async throws(OBCError) -> String {
        let signingInput = signingInput(claims: claims, algorithm: algorithm, keyId: keyId, type: type)
        do {
            let signature = try await signer.sign(Array(signingInput.utf8), with: algorithm.signingAlgorithm)
            return signingInput + "." + base64URL(Data(signature))
        } catch {
            let kind: OBCError.Kind = [.unavailable, .timeout].contains(error.reason) ? .unavailable : .misconfigured
            throw OBCError(kind, "The key \(signer.keyName) could not make a \(algorithm.rawValue) signature: \(error.message)")
        }
    }

    static func signingInput(claims: JSONValue, algorithm: Algorithm, keyId: String?, type: String?) -> String {
        var header: [String: JSONValue] = ["alg": .string(algorithm.rawValue)]
        if let keyId { header["kid"] = .string(keyId) }
        if let type { header["typ"] = .string(type) }
        return base64URL(JSONValue.object(header).jsonData()) + "." + base64URL(claims.jsonData())
    }

    /// A JWS split into its parts, unverified.
    public struct Parsed: Sendable {
        public var header: JSONValue
        public var payload: JSONValue
        var signingInput: Data
        public var signature: Data

        public var algorithm: String? { header["alg"]?.stringValue }
        public var keyId: String? { header["kid"]?.stringValue }
    }

    public static func parse(_ token: String) throws(OBCError) -> Parsed {
        let parts = trimmed(token).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerData = base64URLDecode(parts[0].utf8), let payloadData = base64URLDecode(parts[1].utf8),
            let signature = base64URLDecode(parts[2].utf8)
        else {
            throw OBCError(.invalidRequest, "not a compact JWS (three base64url parts separated by dots).")
        }
        let decoder = JSONDecoder()
        guard let header = try? decoder.decode(JSONValue.self, from: headerData), let payload = try? decoder.decode(JSONValue.self, from: payloadData)
        else {
            throw OBCError(.invalidRequest, "the JWS header or payload is not JSON.")
        }
        var signingInput = Data(parts[0].utf8)
        signingInput.append(UInt8(ascii: "."))
        signingInput.append(contentsOf: parts[1].utf8)
        return Parsed(header: header, payload: payload, signingInput: signingInput, signature: signature)
    }

    /// True when `parsed` carries a valid signature by `publicKey` with its declared algorithm.
    public static func verify(_ parsed: Parsed, publicKey: Certificate.PublicKey) -> Bool {
        guard let name = parsed.algorithm, let algorithm = Algorithm(rawValue: name) else { return false }
        let digest = SHA256.hash(data: parsed.signingInput)
        switch algorithm {
        case .ps256, .rs256:
            guard let rsa = _RSA.Signing.PublicKey(publicKey) else { return false }
            let padding: _RSA.Signing.Padding = algorithm == .ps256 ? .PSS : .insecurePKCS1v1_5
            return rsa.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: parsed.signature), for: digest, padding: padding)
        case .es256:
            guard let ec = P256.Signing.PublicKey(publicKey), let signature = try? P256.Signing.ECDSASignature(rawRepresentation: parsed.signature)
            else { return false }
            return ec.isValidSignature(signature, for: digest)
        }
    }

    static func signatureBytes(_ input: Data, key: SigningKey, algorithm: Algorithm) throws -> Data {
        let digest = SHA256.hash(data: input)
        switch (algorithm, key) {
        case (.ps256, .rsa(let rsa)):
            return try rsa.signature(for: digest, padding: .PSS).rawRepresentation
        case (.rs256, .rsa(let rsa)):
            return try rsa.signature(for: digest, padding: .insecurePKCS1v1_5).rawRepresentation
        case (.es256, .p256(let ec)):
            return try ec.signature(for: digest).rawRepresentation
        default:
            throw OBCError(.invalidRequest, "a \(algorithm.rawValue) signature needs a matching key type.")
        }
    }

    /// Base64url without padding. Works on bytes: Foundation's `replacingOccurrences` on Linux
    /// took hundreds of microseconds on a DCR-sized payload, as long as the RSA signature.
    public static func base64URL(_ data: Data) -> String {
        var bytes = [UInt8](data.base64EncodedData())
        while bytes.last == UInt8(ascii: "=") { bytes.removeLast() }
        for index in bytes.indices {
            switch bytes[index] {
            case UInt8(ascii: "+"): bytes[index] = UInt8(ascii: "-")
            case UInt8(ascii: "/"): bytes[index] = UInt8(ascii: "_")
            default: break
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func base64URLDecode(_ text: String) -> Data? {
        base64URLDecode(text.utf8)
    }

    /// Accepts base64url (and standard base64), padded or not, as `Data(base64Encoded:)` judges it.
    static func base64URLDecode(_ text: some Collection<UInt8>) -> Data? {
        var bytes = [UInt8]()
        bytes.reserveCapacity(text.count + 3)
        for byte in text {
            switch byte {
            case UInt8(ascii: "-"): bytes.append(UInt8(ascii: "+"))
            case UInt8(ascii: "_"): bytes.append(UInt8(ascii: "/"))
            default: bytes.append(byte)
            }
        }
        bytes += repeatElement(UInt8(ascii: "="), count: (4 - bytes.count % 4) % 4)
        return Data(base64Encoded: Data(bytes))
    }

    /// `token` without surrounding whitespace; the common untrimmed case skips Foundation's
    /// character-set trimming, which is slow on Linux for kilobyte-long tokens.
    static func trimmed(_ token: String) -> Substring {
        let utf8 = token.utf8
        func isPlain(_ byte: UInt8?) -> Bool { byte.map { $0 > 0x20 && $0 < 0x7F } ?? true }
        if isPlain(utf8.first), isPlain(utf8.last) { return token[...] }
        return Substring(token.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
