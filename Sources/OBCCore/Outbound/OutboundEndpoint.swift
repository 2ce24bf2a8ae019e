/// Which kind of Open Banking endpoint an outbound call goes to: the label metrics, failure
/// logs and traces group calls by (never a URL or an id).
public enum OutboundEndpoint: String, Sendable, CaseIterable {
    case directoryToken = "directory_token"
    case softwareStatementAssertion = "ssa"
    case discovery
    case register
    case token
    case registrationRead = "registration_read"
    case registrationDelete = "registration_delete"
    case registrationUpdate = "registration_update"
    case other
}
