extension BankDifferences {
    /// OBC's `TokenEndpointAuthMethodsSupportedResponse`: the client replaces the discovery
    /// document's `token_endpoint_auth_methods_supported`.
    public enum TokenEndpointAuthMethodsSupportedOverride: BankDifference {
        public static let key = "tokenEndpointAuthMethodsSupportedOverride"
        public static let specification: [String]? = nil

        public static func clientReads(_ discovery: inout OpenIDConfiguration, _ value: [String]?) {
            if let value { discovery.tokenEndpointAuthMethodsSupported = value }
        }
    }
}
