extension BankDifferences {
    /// OBC's `ResponseModesSupportedResponse`: the bank's discovery document lists too few
    /// `response_modes_supported`, so the client replaces them.
    public enum ResponseModesSupportedOverride: BankDifference {
        public static let key = "responseModesSupportedOverride"
        public static let specification: [String]? = nil

        /// A bank that needs the override advertises too few modes, as the real one does.
        public static func bankWrites(_ discovery: inout [String: JSONValue], _ value: [String]?) {
            if value != nil { discovery["response_modes_supported"] = .array([.string("query")]) }
        }

        public static func clientReads(_ discovery: inout OpenIDConfiguration, _ value: [String]?) {
            if let value { discovery.responseModesSupported = value }
        }
    }
}
