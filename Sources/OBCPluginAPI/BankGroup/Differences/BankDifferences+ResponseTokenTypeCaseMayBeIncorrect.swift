extension BankDifferences {
    /// OBC's `ClientCredentialsGrantPost.ResponseTokenTypeCaseMayBeIncorrect` (Cooperative, Monzo,
    /// Wise): the bank's client-credentials token answer spells `token_type` in another letter
    /// case (`bearer`), which the specification's exact `Bearer` check would refuse.
    public enum ResponseTokenTypeCaseMayBeIncorrect: BankDifference {
        public static let key = "responseTokenTypeCaseMayBeIncorrect"
        public static let specification = false

        public static func bankWrites(_ answer: inout TokenAnswer, _ value: Bool) {
            if value { answer.body["token_type"] = .string("bearer") }
        }

        public static func clientAccepts(_ rules: inout TokenAnswerRules, _ value: Bool) {
            if value { rules.tokenTypeIgnoringCase = true }
        }
    }
}
