/// What the bank answered, read back into one shape whatever the DCR version.
public struct RegistrationResponse: Sendable {
    public var clientId: String
    public var clientSecret: SecretValue?
    public var registrationAccessToken: SecretValue?
    /// The response in DCR v3.3 shape with the secrets removed, for `ExternalApiResponse`.
    public var redacted: JSONValue

    public init(clientId: String, clientSecret: SecretValue?, registrationAccessToken: SecretValue?, redacted: JSONValue) {
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.registrationAccessToken = registrationAccessToken
        self.redacted = redacted
    }
}
