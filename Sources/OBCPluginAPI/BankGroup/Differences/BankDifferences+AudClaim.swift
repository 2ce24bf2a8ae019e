extension BankDifferences {
    /// OBC's `AudClaim`: the DCR JWT's `aud` is `IssuerUrl` (the issuer URL) or a literal, not the financial id.
    public enum AudClaim: BankDifference {
        public static let key = "audClaim"
        public static let specification: String? = nil
        /// The value that names the issuer URL.
        public static let issuerURL = "IssuerUrl"

        public static func shape(_ request: inout RegistrationRequestShape, _ value: String?) {
            switch value {
            case nil: break
            case issuerURL?: request.audience = .issuer
            case let literal?: request.audience = .literal(literal)
            }
        }
    }
}
