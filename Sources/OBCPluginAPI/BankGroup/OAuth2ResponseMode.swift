/// OBC's `OAuth2ResponseMode`: how the bank returns the authorisation response to the TPP.
public enum OAuth2ResponseMode: String, Sendable, Hashable, Codable, CaseIterable {
    case query
    case fragment
    case formPost = "form_post"
}
