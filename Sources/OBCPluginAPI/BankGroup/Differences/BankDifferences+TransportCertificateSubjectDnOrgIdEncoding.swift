extension BankDifferences {
    /// OBC's `TransportCertificateSubjectDnOrgIdEncoding`: how the organisation identifier is
    /// written in `tls_client_auth_subject_dn` (and so what the bank compares the certificate with).
    public enum TransportCertificateSubjectDnOrgIdEncoding: BankDifference {
        public static let key = "subjectDnOrgIdEncoding"
        public static let specification = SubjectDnOrgIdEncoding.stringAttributeType

        public static func shape(_ request: inout RegistrationRequestShape, _ value: SubjectDnOrgIdEncoding) {
            request.subjectDnOrgIdEncoding = value
        }
    }
}
