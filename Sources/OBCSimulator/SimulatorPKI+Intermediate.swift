import Crypto
import Foundation
import SwiftASN1
import X509

extension SimulatorPKI {
    /// This material with the OBWAC re-issued by an intermediate CA (itself signed by the root
    /// CA), as the OB Directory issues transport certificates. `obWacCertificatePEM` becomes the
    /// chain (leaf, then intermediate); the key, the subject and everything else stay. The
    /// simulator's TLS still trusts only the root, so a client must present the intermediate.
    /// `intermediateValidity` (default: the leaf's) makes, for example, an expired intermediate.
    public func withObWacIssuedByIntermediate(intermediateValidity: ClosedRange<Date>? = nil) throws -> SimulatorPKI {
        let root = try caCertificate()
        let rootKey = try Certificate.PrivateKey(pemEncoded: caKeyPEM)
        let leaf = try obWacCertificate()
        let validity = intermediateValidity ?? leaf.notValidBefore...leaf.notValidAfter
        let intermediateKey = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let intermediateName = try DistinguishedName {
            CountryName("GB")
            OrganizationName("OpenBanking Simulator")
            CommonName("OpenBanking Simulator Issuing CA")
        }
        let intermediate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: intermediateKey.publicKey,
            notValidBefore: validity.lowerBound, notValidAfter: validity.upperBound, issuer: root.subject, subject: intermediateName,
            signatureAlgorithm: .sha256WithRSAEncryption,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: intermediateKey.publicKey)
                AuthorityKeyIdentifier(keyIdentifier: SubjectKeyIdentifier(hash: rootKey.publicKey).keyIdentifier)
            },
            issuerPrivateKey: rootKey
        )
        let reissued = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: leaf.publicKey, notValidBefore: leaf.notValidBefore,
            notValidAfter: leaf.notValidAfter, issuer: intermediateName, subject: leaf.subject, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                try ExtendedKeyUsage([.clientAuth, .serverAuth])
                SubjectKeyIdentifier(hash: leaf.publicKey)
                AuthorityKeyIdentifier(keyIdentifier: SubjectKeyIdentifier(hash: intermediateKey.publicKey).keyIdentifier)
            },
            issuerPrivateKey: intermediateKey
        )
        var pki = self
        pki.obWacCertificatePEM = try reissued.serializeAsPEM().pemString + "\n" + intermediate.serializeAsPEM().pemString + "\n"
        return pki
    }
}
