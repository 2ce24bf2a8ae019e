extension BankDifferences {
    /// OBC's `GrantTypesClaim`: the DCR request's `grant_types` replaced.
    public enum GrantTypesClaim: BankDifference {
        public static let key = "grantTypesClaim"
        public static let specification: [String]? = nil

        public static func shape(_ request: inout RegistrationRequestShape, _ value: [String]?) {
            if let value { request.grantTypes = value }
        }
    }
}
