import Crypto
import Foundation
import _CryptoExtras

/// What Google's token endpoint checks in a JWT-bearer assertion (RFC 7523): an RS256
/// signature by the service account's key, `iss` the account, `aud` the token URI, the
/// `cloud-platform` scope, `iat` near now and `exp` at most an hour later.
struct JWTAssertionCheck {
    let audience: String

    /// nil when the assertion is acceptable, otherwise Google's `error_description`.
    func problem(with assertion: String, state: FakeGoogleState) -> String? {
        let parts = assertion.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let headerData = Self.decode(parts[0]), let claimsData = Self.decode(parts[1]),
            let signature = Self.decode(parts[2]),
            let header = try? JSONSerialization.jsonObject(with: headerData) as? [String: Any],
            let claims = try? JSONSerialization.jsonObject(with: claimsData) as? [String: Any]
        else { return "Invalid JWT: malformed assertion." }
        guard header["alg"] as? String == "RS256" else { return "Invalid JWT: alg must be RS256." }
        guard header["kid"] as? String == FakeGoogleCloud.serviceAccountKeyId else { return "Invalid JWT: unknown kid." }
        let signed = Data("\(parts[0]).\(parts[1])".utf8)
        guard
            FakeGoogleCloud.serviceAccountPublicKey.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: signature), for: signed, padding: .insecurePKCS1v1_5)
        else { return "Invalid JWT Signature." }
        guard claims["iss"] as? String == FakeGoogleCloud.serviceAccountEmail else { return "Invalid grant: account not found" }
        guard claims["aud"] as? String == audience else { return "Invalid JWT: aud must be \(audience)." }
        let scopes = (claims["scope"] as? String ?? "").split(separator: " ")
        guard scopes.contains("https://www.googleapis.com/auth/cloud-platform") else { return "Invalid JWT: no cloud-platform scope." }
        let now = Date().timeIntervalSince1970
        guard let iat = Self.number(claims["iat"]), let exp = Self.number(claims["exp"]),
            abs(iat - now) < 300, exp > now, exp > iat, exp - iat <= 3600
        else {
            return
                "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim."
        }
        state.with { $0.lastClaims = claims.mapValues { "\($0)" } }
        return nil
    }

    static func number(_ value: Any?) -> Double? {
        if let value = value as? Int { return Double(value) }
        if let value = value as? Double { return value }
        return (value as? NSNumber)?.doubleValue
    }

    static func decode(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}
