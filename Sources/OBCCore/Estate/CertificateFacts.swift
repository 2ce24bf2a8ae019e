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

    /// Reads `pem` with the same chain rules the API applies on create; nil when it does not parse.
    public static func read(pem: String) -> CertificateFacts? {
        guard let chain = try? CertificateChain.parse(pem, field: "Certificate"),
            let earliest = chain.certificates.min(by: { $0.notValidAfter < $1.notValidAfter })
        else { return nil }
        let leaf = chain.leaf
        guard let der = try? leaf.serializeAsPEM().derBytes else { return nil }
        return CertificateFacts(
            subject: String(describing: leaf.subject), issuer: String(describing: leaf.issuer), notBefore: leaf.notValidBefore,
            notAfter: leaf.notValidAfter, sha256Fingerprint: SHA256.hash(data: der).map { String(format: "%02x", $0) }.joined(separator: ":"),
            chainLength: chain.certificates.count, earliestNotAfter: earliest.notValidAfter,
            earliestNotAfterSubject: String(describing: earliest.subject))
    }
}
