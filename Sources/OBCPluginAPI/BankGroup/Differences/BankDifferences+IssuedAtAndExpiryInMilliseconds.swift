extension BankDifferences {
    /// OBC's `IssuedAtClaimResponseJsonConverter` and `ExpirationTimeClaimResponseJsonConverter`
    /// (newest release, Virgin Money): the bank echoes the registration's `iat` and `exp`, in milliseconds.
    public enum IssuedAtAndExpiryInMilliseconds: BankDifference {
        public static let key = "issuedAtAndExpiryInMilliseconds"
        public static let specification = false
        static let members = ["iat", "exp"]

        public static func bankWrites(_ answer: inout RegistrationAnswer, _ value: Bool) {
            guard value else { return }
            answer.body["iat"] = .number(answer.issuedAt)
            answer.body["exp"] = .number(answer.issuedAt + 300)
            Milliseconds.write(members, in: &answer.body)
        }

        public static func clientReads(_ answer: inout RegistrationAnswer, _ value: Bool) {
            if value { Milliseconds.read(members, in: &answer.body) }
        }
    }
}
