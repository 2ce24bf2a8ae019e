/// A bank's answer to a client-credentials grant as JSON members, and the scope asked for.
/// The simulated bank writes the specification's form and applies every difference's `bankWrites`.
public struct TokenAnswer: Sendable, Hashable {
    public var body: [String: JSONValue]
    public var requestedScope: String?

    public init(body: [String: JSONValue], requestedScope: String?) {
        self.body = body
        self.requestedScope = requestedScope
    }
}
