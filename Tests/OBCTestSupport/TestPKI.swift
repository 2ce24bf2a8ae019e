import Crypto
import Foundation
import SwiftASN1
import X509
import _CryptoExtras

/// Certificates and keys made by the tests themselves, so every test uses real X.509 and
/// real RSA keys without fixtures on disk.
public enum TestPKI {
    /// A key pair in PEM; RSA generation is slow, so tests share a few keys.
    public struct KeyPair: Sendable {
        public let privateKey: Certificate.PrivateKey
        public let privateKeyPEM: String
    }

    public static let keys: [KeyPair] = (0..<3).map { _ in
        let rsa = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
        return KeyPair(privateKey: Certificate.PrivateKey(rsa), privateKeyPEM: rsa.pkcs8PEMRepresentation)
    }

    /// A self-signed certificate for `key` with an Open Banking-style subject.
    public static func certificatePEM(
        key: KeyPair,
        commonName: String = "0015800001041REAAY",
        organisationalUnit: String = "0015800001041REAAY",
        notValidBefore: Date = Date().addingTimeInterval(-3600),
        notValidAfter: Date = Date().addingTimeInterval(365 * 86400)
    ) throws -> String {
        let subject = try DistinguishedName {
            CountryName("GB")
            OrganizationName("OpenBanking")
            OrganizationalUnitName(organisationalUnit)
            CommonName(commonName)
        }
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: key.privateKey.publicKey,
            notValidBefore: notValidBefore,
            notValidAfter: notValidAfter,
            issuer: subject,
            subject: subject,
            signatureAlgorithm: .sha256WithRSAEncryption,
            extensions: Certificate.Extensions {},
            issuerPrivateKey: key.privateKey
        )
        return try certificate.serializeAsPEM().pemString + "\n"
    }

    /// Base64 of 32 random bytes: a valid AES-256 encryption key.
    public static func encryptionKey(bytes count: Int = 32) -> String {
        Data((0..<count).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
    }
}
