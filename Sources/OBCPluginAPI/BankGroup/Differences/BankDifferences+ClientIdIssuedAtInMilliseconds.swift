extension BankDifferences {
    /// OBC's `ClientIdIssuedAtClaimResponseJsonConverter`: the bank answers `client_id_issued_at`
    /// (and `client_secret_expires_at`) in milliseconds.
    public enum ClientIdIssuedAtInMilliseconds: BankDifference {
        public static let key = "clientIdIssuedAtInMilliseconds"
        public static let specification = false
        static let members = ["client_id_issued_at", "client_secret_expires_at"]

        public static func bankWrites(_ answer: inout RegistrationAnswer, _ value: Bool) {
            if value { Milliseconds.write(members, in: &answer.body) }
        }

        public static func clientReads(_ answer: inout RegistrationAnswer, _ value: Bool) {
            if value { Milliseconds.read(members, in: &answer.body) }
        }
    }
}
