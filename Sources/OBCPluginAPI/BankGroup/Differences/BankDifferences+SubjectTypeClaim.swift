extension BankDifferences {
    /// OBC's `SubjectTypeClaim`: the DCR request carries `subject_type`.
    public enum SubjectTypeClaim: BankDifference {
        public static let key = "subjectTypeClaim"
        public static let specification: String? = nil

        public static func shape(_ request: inout RegistrationRequestShape, _ value: String?) {
            if let value { request.subjectType = value }
        }
    }
}
