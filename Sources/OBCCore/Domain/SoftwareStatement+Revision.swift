import Crypto
import Foundation

extension SoftwareStatement {
    /// What a bank client is registered with from this statement: its certificates and redirect
    /// URLs, as a SHA-256 (hex). A client keeps the revision it was registered or updated with,
    /// so a `PUT` that changes any of them leaves the client behind, and one that changes
    /// nothing does not.
    public var revision: String {
        let inputs = [
            defaultObWacCertificateId.lowercasedText, defaultObSealCertificateId.lowercasedText, defaultQueryRedirectUrl,
            defaultFragmentRedirectUrl,
        ]
        return SHA256.hash(data: Data(inputs.joined(separator: "\n").utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

extension BankClient {
    /// Whether the bank holds the client as registered from an earlier revision of `statement`
    /// (its certificates or redirect URLs changed since). A client stored before revisions were
    /// kept is behind when the statement was modified after the client was registered or updated.
    public func isBehind(_ statement: SoftwareStatement) -> Bool {
        if let statementRevision { return statementRevision != statement.revision }
        return statement.modified > (updatedAt ?? created)
    }
}
