import Crypto
import Foundation
import OBCCore
import OBCPluginAPI
import SwiftASN1
import X509
import _CryptoExtras

/// Every certificate and key the simulated Open Banking environment needs, made with real
/// X.509 and RSA 2048 so the product's mutual TLS, JWS signing and subject-DN rules are
/// exercised exactly as against the real Directory and banks. Kept as PEM so a restarted
/// simulator (or `obc serve` pointed at it) reuses the same material from a folder.
public struct SimulatorPKI: Sendable {
    public var caCertificatePEM: String
    public var caKeyPEM: String
    /// The simulator's HTTPS certificate: SAN `localhost` and `127.0.0.1`, signed by the CA.
    public var serverCertificatePEM: String
    public var serverKeyPEM: String
    /// The TPP's transport certificate (subject `C=GB, O=OpenBanking, OU=<org>, organizationIdentifier, CN=<software>`).
    public var obWacCertificatePEM: String
    public var obWacKeyPEM: String
    /// The TPP's signing certificate; its key signs Directory assertions and DCR requests.
    public var obSealCertificatePEM: String
    public var obSealKeyPEM: String
    /// The OB Directory's SSA-signing key.
    public var directoryKeyPEM: String

    /// The file names used by ``write(to:)`` and ``load(from:)``.
    public enum FileName {
        public static let ca = "ca.pem"
        public static let caKey = "ca-key.pem"
        public static let server = "server.pem"
        public static let serverKey = "server-key.pem"
        public static let obWac = "obwac.pem"
        public static let obWacKey = "obwac-key.pem"
        public static let obSeal = "obseal.pem"
        public static let obSealKey = "obseal-key.pem"
        public static let directoryKey = "directory-key.pem"
        static let all = [ca, caKey, server, serverKey, obWac, obWacKey, obSeal, obSealKey, directoryKey]
        static let secret: Set<String> = [caKey, serverKey, obWacKey, obSealKey, directoryKey]
    }

    public init(
        caCertificatePEM: String, caKeyPEM: String, serverCertificatePEM: String, serverKeyPEM: String, obWacCertificatePEM: String,
        obWacKeyPEM: String, obSealCertificatePEM: String, obSealKeyPEM: String, directoryKeyPEM: String
    ) {
        self.caCertificatePEM = caCertificatePEM
        self.caKeyPEM = caKeyPEM
        self.serverCertificatePEM = serverCertificatePEM
        self.serverKeyPEM = serverKeyPEM
        self.obWacCertificatePEM = obWacCertificatePEM
        self.obWacKeyPEM = obWacKeyPEM
        self.obSealCertificatePEM = obSealCertificatePEM
        self.obSealKeyPEM = obSealKeyPEM
        self.directoryKeyPEM = directoryKeyPEM
    }

    /// Generates a fresh CA, server certificate, OBWAC and OBSeal certificates for a TPP with
    /// `organisationId` and `softwareId` (random OB-style ids when nil), and a directory key.
    public static func generate(organisationId: String? = nil, softwareId: String? = nil) throws -> SimulatorPKI {
        let org = organisationId ?? "0015800001" + randomBase62(count: 8)
        let software = softwareId ?? randomBase62(count: 18)
        let now = Date()
        let notBefore = now.addingTimeInterval(-3600)
        let notAfter = now.addingTimeInterval(5 * 365 * 86400)

        let caKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let caName = try DistinguishedName {
            CountryName("GB")
            OrganizationName("OpenBanking Simulator")
            CommonName("OpenBanking Simulator Test CA")
        }
        let caPrivate = Certificate.PrivateKey(caKey)
        let ca = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: caPrivate.publicKey, notValidBefore: notBefore,
            notValidAfter: notAfter, issuer: caName, subject: caName, signatureAlgorithm: .sha256WithRSAEncryption,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: caPrivate.publicKey)
            },
            issuerPrivateKey: caPrivate
        )

        func leaf(subject: DistinguishedName, usage: [ExtendedKeyUsage.Usage], names: [GeneralName]) throws -> (String, String) {
            let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
            let publicKey = Certificate.PrivateKey(key).publicKey
            let certificate = try Certificate(
                version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: publicKey, notValidBefore: notBefore,
                notValidAfter: notAfter, issuer: caName, subject: subject, signatureAlgorithm: .sha256WithRSAEncryption,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.notCertificateAuthority)
                    Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                    if !usage.isEmpty { try ExtendedKeyUsage(usage) }
                    SubjectKeyIdentifier(hash: publicKey)
                    AuthorityKeyIdentifier(keyIdentifier: SubjectKeyIdentifier(hash: caPrivate.publicKey).keyIdentifier)
                    if !names.isEmpty { SubjectAlternativeNames(names) }
                },
                issuerPrivateKey: caPrivate
            )
            return (try certificate.serializeAsPEM().pemString + "\n", key.pkcs8PEMRepresentation)
        }

        let server = try leaf(
            subject: try DistinguishedName {
                CountryName("GB")
                OrganizationName("OpenBanking Simulator")
                CommonName("localhost")
            },
            usage: [.serverAuth],
            names: [.dnsName("localhost"), .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1]))]
        )
        var tppNames = Array(
            try DistinguishedName {
                CountryName("GB")
                OrganizationName("OpenBanking")
                OrganizationalUnitName(org)
            })
        tppNames.append(RelativeDistinguishedName(try .init(type: [2, 5, 4, 97], printableString: "PSDGB-OB-Unknown\(org)")))
        tppNames.append(contentsOf: try DistinguishedName { CommonName(software) })
        let tppSubject = DistinguishedName(tppNames)
        let obWac = try leaf(subject: tppSubject, usage: [.clientAuth, .serverAuth], names: [])
        let obSeal = try leaf(subject: tppSubject, usage: [], names: [])
        let directoryKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        return SimulatorPKI(
            caCertificatePEM: try ca.serializeAsPEM().pemString + "\n", caKeyPEM: caKey.pkcs8PEMRepresentation,
            serverCertificatePEM: server.0, serverKeyPEM: server.1, obWacCertificatePEM: obWac.0, obWacKeyPEM: obWac.1,
            obSealCertificatePEM: obSeal.0, obSealKeyPEM: obSeal.1, directoryKeyPEM: directoryKey.pkcs8PEMRepresentation
        )
    }

    /// Reads the material ``write(to:)`` wrote; nil when any file is missing.
    public static func load(from directory: URL) throws -> SimulatorPKI? {
        var texts: [String: String] = [:]
        for name in FileName.all {
            let url = directory.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else { return nil }
            texts[name] = try String(contentsOf: url, encoding: .utf8)
        }
        let pki = SimulatorPKI(
            caCertificatePEM: texts[FileName.ca]!, caKeyPEM: texts[FileName.caKey]!, serverCertificatePEM: texts[FileName.server]!,
            serverKeyPEM: texts[FileName.serverKey]!, obWacCertificatePEM: texts[FileName.obWac]!, obWacKeyPEM: texts[FileName.obWacKey]!,
            obSealCertificatePEM: texts[FileName.obSeal]!, obSealKeyPEM: texts[FileName.obSealKey]!, directoryKeyPEM: texts[FileName.directoryKey]!
        )
        _ = try pki.obWacCertificate()
        _ = try pki.obSealCertificate()
        return pki
    }

    /// Loads the material in `directory`, or generates it and writes it there.
    public static func loadOrGenerate(in directory: URL) throws -> SimulatorPKI {
        if let existing = try load(from: directory) { return existing }
        let pki = try generate()
        try pki.write(to: directory)
        return pki
    }

    /// Writes every PEM into `directory` (created if needed); key files are readable by the owner only.
    public func write(to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let texts: [String: String] = [
            FileName.ca: caCertificatePEM, FileName.caKey: caKeyPEM, FileName.server: serverCertificatePEM, FileName.serverKey: serverKeyPEM,
            FileName.obWac: obWacCertificatePEM, FileName.obWacKey: obWacKeyPEM, FileName.obSeal: obSealCertificatePEM,
            FileName.obSealKey: obSealKeyPEM, FileName.directoryKey: directoryKeyPEM,
        ]
        for (name, text) in texts {
            let path = directory.appendingPathComponent(name).path
            let secret = FileName.secret.contains(name)
            guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: secret ? 0o600 : 0o644])
            else { throw OBCError(.misconfigured, "Cannot write \(path).") }
            try FileManager.default.setAttributes([.posixPermissions: secret ? 0o600 : 0o644], ofItemAtPath: path)
        }
    }

    // MARK: Parsed forms

    public func caCertificate() throws -> Certificate { try Certificate(pemEncoded: caCertificatePEM) }
    /// The OBWAC leaf (the first certificate when ``obWacCertificatePEM`` is a chain).
    public func obWacCertificate() throws -> Certificate { try CertificateChain.parse(obWacCertificatePEM, field: FileName.obWac).leaf }
    public func obSealCertificate() throws -> Certificate { try Certificate(pemEncoded: obSealCertificatePEM) }
    public func obSealSigningKey() throws -> SigningKey { try SigningKey(pem: SecretValue(obSealKeyPEM)) }
    public func directorySigningKey() throws -> SigningKey { try SigningKey(pem: SecretValue(directoryKeyPEM)) }

    /// The TPP named by the OBWAC (`OU` = organisation id, `CN` = software id), with the
    /// OBSeal key id derived from the OBSeal public key, so reloaded material names the same TPP.
    public func tpp(
        redirectURIs: [String] = ["https://tpp.example.com/auth/fragment-redirect", "https://tpp.example.com/auth/query-redirect"],
        roles: [String] = ["AISP", "PISP", "CBPII"]
    ) throws -> SimulatedTPP {
        let subject = try obWacCertificate().subject
        func value(_ oid: ASN1ObjectIdentifier) -> String? {
            for rdn in subject { for attribute in rdn where attribute.type == oid { return String(describing: attribute.value) } }
            return nil
        }
        guard let org = value(.RDNAttributeType.organizationalUnitName), let software = value(.RDNAttributeType.commonName) else {
            throw OBCError(.misconfigured, "The OBWAC subject has no OU (organisation id) or CN (software id).")
        }
        return SimulatedTPP(
            organisationId: org, softwareId: software, obSealKeyId: Self.keyId(for: try obSealCertificate().publicKey),
            redirectURIs: redirectURIs, roles: roles
        )
    }

    /// OB-style key id: base64url SHA-1 of the SubjectPublicKeyInfo (27 characters).
    public static func keyId(for publicKey: Certificate.PublicKey) -> String {
        CompactJWS.base64URL(Data(Insecure.SHA1.hash(data: publicKey.subjectPublicKeyInfoBytes)))
    }

    static func randomBase62(count: Int) -> String {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        return String((0..<count).map { _ in alphabet.randomElement()! })
    }
}
