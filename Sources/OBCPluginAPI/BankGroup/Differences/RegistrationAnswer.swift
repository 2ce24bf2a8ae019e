/// The bank's answer to a DCR request (POST, GET or PUT `/register`) as JSON members, and the
/// moment the client was registered, in Unix seconds. The simulated bank writes it in the
/// specification's form and then applies every difference's `bankWrites`; the client applies
/// every `clientReads` to get the specification's form back.
public struct RegistrationAnswer: Sendable, Hashable {
    public var body: [String: JSONValue]
    public var issuedAt: Double

    public init(body: [String: JSONValue], issuedAt: Double) {
        self.body = body
        self.issuedAt = issuedAt
    }
}
