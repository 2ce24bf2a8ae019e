/// How OBC writes the organisation identifier in `tls_client_auth_subject_dn`.
public enum SubjectDnOrgIdEncoding: String, Sendable, Hashable, Codable {
    /// `organizationIdentifier=<value>`
    case stringAttributeType = "StringAttributeType"
    /// `2.5.4.97=#<hex of the BER PrintableString>` (RFC 4514 hex form)
    case dottedDecimalAttributeType = "DottedDecimalAttributeType"
    /// `2.5.4.97=<value>`
    case dottedDecimalAttributeTypeWithStringValue = "DottedDecimalAttributeTypeWithStringValue"
}
