extension BankDifferences {
    /// OBC's `ScopeClaimResponseJsonConverter`: the bank answers `scope` as a JSON array.
    public enum ScopeResponseAsArray: BankDifference {
        public static let key = "scopeResponseAsArray"
        public static let specification = false

        public static func bankWrites(_ answer: inout RegistrationAnswer, _ value: Bool) {
            guard value, let scope = answer.body["scope"]?.stringValue else { return }
            answer.body["scope"] = .array(scope.split(separator: " ").map { .string(String($0)) })
        }

        public static func clientReads(_ answer: inout RegistrationAnswer, _ value: Bool) {
            if value, case .array(let scopes)? = answer.body["scope"] {
                answer.body["scope"] = .string(scopes.compactMap(\.stringValue).joined(separator: " "))
            }
        }
    }
}
