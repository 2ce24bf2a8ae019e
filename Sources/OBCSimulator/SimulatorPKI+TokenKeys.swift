import Foundation
import X509

extension SimulatorPKI {
    /// The same Directory, banks and TPP, with the OBWAC and OBSeal certificates re-issued by the
    /// simulator's CA for public keys kept elsewhere (a PKCS#11 token); their key PEMs are empty,
    /// since nobody here has those keys. The simulator needs only the certificates.
    public func withTPPKeys(wac: Certificate.PublicKey, seal: Certificate.PublicKey) throws -> SimulatorPKI {
        let ca = try caCertificate()
        let caKey = try Certificate.PrivateKey(pemEncoded: caKeyPEM)
        func reissue(_ old: Certificate, for key: Certificate.PublicKey) throws -> String {
            var extensions = try Certificate.Extensions(old.extensions.filter { $0.oid != .X509ExtensionID.subjectKeyIdentifier })
            try extensions.append(Certificate.Extension(SubjectKeyIdentifier(hash: key), critical: false))
            let certificate = try Certificate(
                version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: key, notValidBefore: old.notValidBefore,
                notValidAfter: old.notValidAfter, issuer: ca.subject, subject: old.subject, signatureAlgorithm: .sha256WithRSAEncryption,
                extensions: extensions, issuerPrivateKey: caKey)
            return try certificate.serializeAsPEM().pemString + "\n"
        }
        var pki = self
        pki.obWacCertificatePEM = try reissue(try obWacCertificate(), for: wac)
        pki.obSealCertificatePEM = try reissue(try obSealCertificate(), for: seal)
        pki.obWacKeyPEM = ""
        pki.obSealKeyPEM = ""
        return pki
    }
}
