import Crypto
import OBCCore

/// A fresh P-256 signing key, for calls that sign but whose signature the test does not check.
public enum TestSigningKey {
    public static func make() -> SigningKey { .p256(P256.Signing.PrivateKey()) }
}
