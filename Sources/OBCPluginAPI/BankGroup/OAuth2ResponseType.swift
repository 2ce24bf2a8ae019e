/// The OAuth2 `response_type` a bank profile asks for by default (OBC's `OAuth2ResponseType`).
public enum OAuth2ResponseType: String, Sendable, Hashable, Codable, CaseIterable {
    case code
    case codeIdToken = "code id_token"

    /// OBC derives a profile's default response mode from its response type when the
    /// profile does not set one: `code` → `query`, `code id_token` → `fragment`.
    public var derivedResponseMode: OAuth2ResponseMode { self == .code ? .query : .fragment }
}
