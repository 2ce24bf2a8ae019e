import Foundation
import OBCPluginAPI
import SwiftASN1
import X509

/// A PEM certificate or chain as the OB Directory issues it: the leaf first, then each
/// issuing CA in turn. Each certificate must be signed by the one after it; the last one need
/// not be a root (the bank holds its own roots). Mutual TLS presents the whole chain.
public struct CertificateChain: Sendable {
    /// Leaf first; never empty.
    public let certificates: [Certificate]

    /// The certificate the private key must belong to.
    public var leaf: Certificate { certificates[0] }

    /// Parses `pem` and checks the order and the signatures; every fault names `field` and,
    /// for a chain, the position (1 is the leaf).
    public static func parse(_ pem: String, field: String) throws(OBCError) -> CertificateChain {
        let text = CertificateInspector.normalisedPEM(pem)
        guard text.contains("-----BEGIN CERTIFICATE-----") else {
            throw .invalid(field, "is not a PEM certificate: expected a \"-----BEGIN CERTIFICATE-----\" block.")
        }
        let documents: [PEMDocument]
        do {
            documents = try PEMDocument.parseMultiple(pemString: text)
        } catch {
            throw .invalid(field, "the PEM certificate does not parse as X.509 (\(error)).")
        }
        var certificates: [Certificate] = []
        for (index, document) in documents.enumerated() {
            let position = documents.count == 1 ? "the PEM certificate" : "certificate \(index + 1) of \(documents.count) in the chain"
            guard document.discriminator == "CERTIFICATE" else {
                throw .invalid(field, "\(position) is a \"\(document.discriminator)\" block; a chain holds CERTIFICATE blocks only.")
            }
            do {
                certificates.append(try Certificate(pemDocument: document))
            } catch {
                throw .invalid(field, "\(position) does not parse as X.509 (\(error)).")
            }
        }
        guard !certificates.isEmpty else {
            throw .invalid(field, "is not a PEM certificate: no complete \"-----BEGIN CERTIFICATE-----\" … \"-----END CERTIFICATE-----\" block.")
        }
        try requireLeafFirst(certificates, field: field)
        return CertificateChain(certificates: certificates)
    }

    /// Throws unless each certificate names the next as its issuer and carries its signature.
    static func requireLeafFirst(_ certificates: [Certificate], field: String) throws(OBCError) {
        for index in certificates.indices.dropLast() {
            let (subject, issuer) = (certificates[index], certificates[index + 1])
            if signs(issuer, subject) { continue }
            let count = certificates.count
            var detail =
                "certificate \(index + 2) of \(count) in the chain (\(issuer.subject)) did not sign certificate \(index + 1) (\(subject.subject)); a chain must hold the leaf first, then each certificate's issuer."
            if signs(subject, issuer) { detail += " The chain is in reverse order: put the leaf first." }
            throw .invalid(field, detail)
        }
    }

    /// Whether `issuer` issued `certificate`: its subject is the issuer name and its key verifies the signature.
    static func signs(_ issuer: Certificate, _ certificate: Certificate) -> Bool {
        certificate.issuer == issuer.subject && issuer.publicKey.isValidSignature(certificate.signature, for: certificate)
    }

    /// Warnings for each member outside its validity window at `date`, naming it by subject.
    func validityWarnings(at date: Date) -> [String] {
        let formatter = ISO8601DateFormatter()
        return certificates.enumerated().compactMap { index, certificate in
            let name = index == 0 ? "The certificate (\(certificate.subject))" : "Chain certificate \(index + 1) (\(certificate.subject))"
            if date < certificate.notValidBefore {
                return "\(name) is not valid until \(formatter.string(from: certificate.notValidBefore)); banks will reject it before then."
            }
            if date > certificate.notValidAfter {
                return "\(name) expired on \(formatter.string(from: certificate.notValidAfter)); banks will reject it."
            }
            return nil
        }
    }
}
