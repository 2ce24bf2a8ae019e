import OBCPluginAPI

/// How an `OBCError` becomes an RFC 9457 problem: its HTTP status, title and `Retry-After`.
/// The rule, without HTTP types, so the light unit tests check it; `ProblemDetails` (OBCHTTP)
/// builds the response from it.
public enum ProblemMapping {
    /// What a 503 for an unavailable database asks clients to wait.
    public static let unavailableRetryAfterSeconds = 5

    public static func status(for kind: OBCError.Kind) -> Int {
        switch kind {
        case .invalidRequest: 400
        case .notFound: 404
        case .conflict: 409
        case .tampering, .internal: 500
        case .misconfigured, .unavailable: 503
        case .upstream(let code): code ?? 502
        }
    }

    /// The title; nil for an internal error, whose title is its status's reason phrase.
    public static func title(for kind: OBCError.Kind) -> String? {
        switch kind {
        case .invalidRequest: "Invalid request"
        case .notFound: "Not found"
        case .conflict: "Conflict"
        case .tampering: "Encrypted data failed authentication"
        case .misconfigured: "Service misconfigured"
        case .unavailable: "Service unavailable"
        case .upstream: "Pass-through error from external API endpoint"
        case .internal: nil
        }
    }

    public static func retryAfterSeconds(for kind: OBCError.Kind) -> Int? {
        kind == .unavailable ? unavailableRetryAfterSeconds : nil
    }

    /// `field: detail` when the error names a field, else the detail.
    public static func detail(of error: OBCError) -> String {
        error.field.map { "\($0): \(error.detail)" } ?? error.detail
    }
}
