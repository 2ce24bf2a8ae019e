/// What the client accepts in a bank's client-credentials token answer: the specification's
/// rules (OBC's `GrantPost`: `token_type` exactly `Bearer`) as every difference relaxes them.
public struct TokenAnswerRules: Sendable, Hashable {
    /// `token_type` may differ from `Bearer` in letter case.
    public var tokenTypeIgnoringCase = false

    public init() {}

    /// Why `body` is not acceptable, or nil when it is.
    public func fault(in body: JSONValue) -> String? {
        guard let accessToken = body["access_token"]?.stringValue, !accessToken.isEmpty else { return "returned no access_token" }
        let tokenType = body["token_type"]?.stringValue ?? ""
        let bearer = tokenTypeIgnoringCase ? tokenType.lowercased() == "bearer" : tokenType == "Bearer"
        return bearer ? nil : "returned token_type '\(tokenType)', not Bearer"
    }
}
