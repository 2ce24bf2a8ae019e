extension BankDifferences {
    /// OBC's `CustomTokenScope` (`GetCustomTokenScope` in its newest release): the scope of the
    /// client-credentials token for GET/DELETE/PUT `/register/{ClientId}`; `RegistrationScope`
    /// chooses it from the registration's scope.
    public enum ClientCredentialsTokenScope: BankDifference {
        public static let key = "clientCredentialsTokenScope"
        public static let specification: String? = nil
        /// The value that chooses the scope from the registration's.
        public static let fromRegistration = "RegistrationScope"

        public static func clientCredentialsScope(_ rule: inout ClientCredentialsScopeRule, _ value: String?) {
            switch value {
            case nil: break
            case fromRegistration?: rule = .fromRegistrationScope
            case let scope?: rule = .fixed(scope)
            }
        }
    }
}
