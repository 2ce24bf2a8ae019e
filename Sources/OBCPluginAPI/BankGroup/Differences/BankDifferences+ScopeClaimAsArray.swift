extension BankDifferences {
    /// OBC's `ScopeClaimJsonConverter`: the DCR request's `scope` is a JSON array, not a space-separated string.
    public enum ScopeClaimAsArray: BankDifference {
        public static let key = "scopeClaimAsArray"
        public static let specification = false

        public static func shape(_ request: inout RegistrationRequestShape, _ value: Bool) {
            if value { request.scopeAsArray = true }
        }
    }
}
