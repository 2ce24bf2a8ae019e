/// How an outbound call ended, as a metric label.
public enum OutboundOutcome: String, Sendable {
    case success = "2xx"
    case clientError = "4xx"
    case serverError = "5xx"
    case other = "other_status"
    case timeout
    case tlsFailure = "tls_failure"
    case refused
    case transportError = "transport_error"

    public init(status: Int) {
        switch status {
        case 200..<300: self = .success
        case 400..<500: self = .clientError
        case 500..<600: self = .serverError
        default: self = .other
        }
    }

    /// From the `transportFailure` extra the outbound adapter sets.
    public init(transportFailure: String?) {
        switch transportFailure {
        case "timeout": self = .timeout
        case "tls": self = .tlsFailure
        case "refused": self = .refused
        default: self = .transportError
        }
    }
}
