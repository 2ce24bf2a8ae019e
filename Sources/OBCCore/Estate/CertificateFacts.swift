import Crypto
import Foundation
import SwiftASN1
import X509

/// What an operator needs to know of a stored certificate to plan its renewal. The names,
/// dates and fingerprint are the leaf's; a PEM that holds a chain (leaf, then its issuers)
/// also reports the member that expires first, since the chain stops working then.
public struct CertificateFacts: Sendable, Equatable {
    public var subject: String
    public var issuer: String
    public var notBefore: Date
    public var notAfter: Date
    /// SHA-256 of the leaf's DER, as lower-case hex pairs separated by colons.
    public var sha256Fingerprint: String
    /// Certificates in the PEM (1 for a lone certificate).
    public var chainLength: Int
    /// The earliest `NotAfter` of any member, and that member's subject.
    public var earliestNotAfter: Date
    public var earliestNotAfterSubject: String

    /// Reads every CERTIFICATE block of `pem`; nil when there is none or one does not parse.
    public static func read(pem: String) -> CertificateFacts? {
        guard let documents = try? PEMDocument.parseMultiple(pemString: CertificateInspector.normalisedPEM(pem)) else { return nil }
        let certificates = documents.filter { $0.discriminator == "CERTIFICATE" }.compactMap { try? Certificate(pemDocument: $0) }
        guard let leaf = certificates.first, certificates.count == documents.count,
            let earliest = certificates.min(by: { $0.notValidAfter < $1.notValidAfter }),
            let der = documents.first?.derBytes
        else { return nil }
        return CertificateFacts(
            subject: String(describing: leaf.subject), issuer: String(describing: leaf.issuer), notBefore: leaf.notValidBefore,
            notAfter: leaf.notValidAfter, sha256Fingerprint: SHA256.hash(data: der).map { String(format: "%02x", $0) }.joined(separator: ":"),
            chainLength: certificates.count, earliestNotAfter: earliest.notValidAfter,
            earliestNotAfterSubject: String(describing: earliest.subject))
    }
}
