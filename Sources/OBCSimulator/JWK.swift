import Foundation
import OBCCore
import OBCPluginAPI
import X509
import _CryptoExtras

/// RSA JSON Web Keys (RFC 7517) as the OB Directory publishes them, and the way back to a
/// public key, so banks find the TPP's signing key through the SSA's `software_jwks_endpoint`
/// the same way real banks do.
enum JWK {
    /// `{"kty":"RSA","kid","use","alg","n","e"}` (plus `x5c` when given).
    static func rsa(_ publicKey: Certificate.PublicKey, keyId: String, use: String, algorithm: String? = "PS256", x5c: [String]? = nil) -> JSONValue?
    {
        guard let rsa = _RSA.Signing.PublicKey(publicKey), let primitives = try? rsa.getKeyPrimitives() else { return nil }
        var key: [String: JSONValue] = [
            "kty": .string("RSA"), "kid": .string(keyId), "use": .string(use),
            "n": .string(CompactJWS.base64URL(primitives.modulus)), "e": .string(CompactJWS.base64URL(primitives.publicExponent)),
        ]
        if let algorithm { key["alg"] = .string(algorithm) }
        if let x5c { key["x5c"] = .array(x5c.map(JSONValue.string)) }
        return .object(key)
    }

    /// The public key of an RSA JWK.
    static func publicKey(_ jwk: JSONValue) -> Certificate.PublicKey? {
        guard jwk["kty"]?.stringValue == "RSA", let n = jwk["n"]?.stringValue.flatMap(CompactJWS.base64URLDecode),
            let e = jwk["e"]?.stringValue.flatMap(CompactJWS.base64URLDecode), let key = try? _RSA.Signing.PublicKey(n: n, e: e)
        else { return nil }
        return Certificate.PublicKey(key)
    }

    /// Base64 DER of a PEM certificate, for `x5c`.
    static func x5c(_ certificate: Certificate) -> String? {
        guard let pem = try? certificate.serializeAsPEM() else { return nil }
        return Data(pem.derBytes).base64EncodedString()
    }
}
