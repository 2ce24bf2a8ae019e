import Crypto
import Foundation
import SwiftASN1
import X509

extension TestPKI {
    /// A leaf for `leafKey` issued by a CA on `caKey`, as one PEM: leaf first, then the CA.
    public static func chainPEM(
        leafKey: KeyPair, caKey: KeyPair, caCommonName: String, leafNotAfter: Date, caNotAfter: Date
    ) throws -> String {
        let caName = try DistinguishedName {
            CountryName("GB")
            OrganizationName("OpenBanking")
            CommonName(caCommonName)
        }
        let leafName = try DistinguishedName {
            CountryName("GB")
            OrganizationName("OpenBanking")
            OrganizationalUnitName("0015800001041REAAY")
            CommonName("0015800001041REAAY")
        }
        let start = Date().addingTimeInterval(-86_400)
        let ca = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: caKey.privateKey.publicKey, notValidBefore: start,
            notValidAfter: caNotAfter, issuer: caName, subject: caName, signatureAlgorithm: .sha256WithRSAEncryption,
            extensions: try Certificate.Extensions { Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil)) },
            issuerPrivateKey: caKey.privateKey)
        let leaf = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: leafKey.privateKey.publicKey, notValidBefore: start,
            notValidAfter: leafNotAfter, issuer: caName, subject: leafName, signatureAlgorithm: .sha256WithRSAEncryption,
            extensions: Certificate.Extensions {}, issuerPrivateKey: caKey.privateKey)
        return try leaf.serializeAsPEM().pemString + "\n" + ca.serializeAsPEM().pemString + "\n"
    }

    /// SHA-256 of the first certificate's DER in `pem`, as `ab:cd:…`.
    public static func sha256Fingerprint(_ pem: String) throws -> String {
        let document = try PEMDocument.parseMultiple(pemString: pem)[0]
        return SHA256.hash(data: document.derBytes).map { String(format: "%02x", $0) }.joined(separator: ":")
    }
}
