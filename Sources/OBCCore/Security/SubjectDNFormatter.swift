import OBCPluginAPI
import SwiftASN1
import X509

/// Writes a certificate subject as OBC sends it in `tls_client_auth_subject_dn`: RFC 4514
/// order (most specific first), OpenSSL's attribute names, and the organisation identifier
/// (2.5.4.97) in the encoding the bank expects. swift-certificates' own `description`
/// prints some of these types as bare OIDs, which banks reject.
public enum SubjectDNFormatter {
    static let names: [ASN1ObjectIdentifier: String] = [
        [2, 5, 4, 3]: "CN", [2, 5, 4, 6]: "C", [2, 5, 4, 7]: "L", [2, 5, 4, 8]: "ST", [2, 5, 4, 10]: "O", [2, 5, 4, 11]: "OU",
        [2, 5, 4, 9]: "STREET", [0, 9, 2342, 19_200_300, 100, 1, 25]: "DC", [0, 9, 2342, 19_200_300, 100, 1, 1]: "UID",
        [2, 5, 4, 5]: "serialNumber", [1, 2, 840, 113_549, 1, 9, 1]: "emailAddress", [2, 5, 4, 97]: "organizationIdentifier",
    ]
    static let organizationIdentifier: ASN1ObjectIdentifier = [2, 5, 4, 97]

    public static func format(_ name: DistinguishedName, orgIdEncoding: SubjectDnOrgIdEncoding) -> String {
        name.reversed().map { rdn in
            rdn.map { attribute in format(attribute, orgIdEncoding: orgIdEncoding) }.joined(separator: "+")
        }.joined(separator: ",")
    }

    static func format(_ attribute: RelativeDistinguishedName.Attribute, orgIdEncoding: SubjectDnOrgIdEncoding) -> String {
        let dotted = attribute.type.description
        if attribute.type == organizationIdentifier {
            switch orgIdEncoding {
            case .stringAttributeType: return "organizationIdentifier=\(escape(String(describing: attribute.value)))"
            case .dottedDecimalAttributeTypeWithStringValue: return "\(dotted)=\(escape(String(describing: attribute.value)))"
            case .dottedDecimalAttributeType: return "\(dotted)=#\(hexBER(attribute.value))"
            }
        }
        if let name = names[attribute.type] {
            return "\(name)=\(escape(String(describing: attribute.value)))"
        }
        return "\(dotted)=#\(hexBER(attribute.value))"
    }

    /// RFC 4514 §2.4 escaping.
    static func escape(_ value: String) -> String {
        var result = ""
        for (index, character) in value.enumerated() {
            let isFirst = index == 0
            let isLast = index == value.count - 1
            if ",+\"\\<>;".contains(character) || (isFirst && (character == " " || character == "#")) || (isLast && character == " ") {
                result.append("\\")
            }
            result.append(character)
        }
        return result
    }

    static func hexBER(_ value: RelativeDistinguishedName.Attribute.Value) -> String {
        var serializer = DER.Serializer()
        try? serializer.serialize(ASN1Any(value))
        return serializer.serializedBytes.map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }
}
