/// A signature a `KeySigner` makes: the padding (or curve) and the hash. The signer hashes the
/// message itself. RSA-PSS uses MGF1 with the same hash and a salt as long as the hash (PS256's
/// 32 bytes; TLS 1.3's `rsa_pss_rsae_*`). ECDSA signatures are the raw `r ‖ s` pair (64 bytes
/// for P-256), as JWS ES256 and PKCS#11's `CKM_ECDSA` spell them.
public enum SigningAlgorithm: String, Sendable, Hashable, CaseIterable {
    case rsaPSSSHA256, rsaPSSSHA384, rsaPSSSHA512
    case rsaPKCS1SHA256, rsaPKCS1SHA384, rsaPKCS1SHA512
    case ecdsaP256SHA256

    /// The length of the hash in bytes (also the PSS salt length).
    public var hashLength: Int {
        switch self {
        case .rsaPSSSHA256, .rsaPKCS1SHA256, .ecdsaP256SHA256: 32
        case .rsaPSSSHA384, .rsaPKCS1SHA384: 48
        case .rsaPSSSHA512, .rsaPKCS1SHA512: 64
        }
    }

    public var isRSA: Bool { self != .ecdsaP256SHA256 }

    /// Every RSA algorithm (what an RSA key supports).
    public static let rsa: [SigningAlgorithm] = [.rsaPSSSHA256, .rsaPSSSHA384, .rsaPSSSHA512, .rsaPKCS1SHA256, .rsaPKCS1SHA384, .rsaPKCS1SHA512]
}
