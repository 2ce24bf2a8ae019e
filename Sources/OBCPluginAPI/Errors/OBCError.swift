import Foundation

/// The one error type the core throws across its boundary, so every front can
/// translate a failure the same way (problem+json for HTTP, a message and exit code for the CLI).
public struct OBCError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of fault this is; fronts map it to a status code or an exit code.
    public enum Kind: Sendable, Equatable {
        /// The caller sent something wrong (HTTP 400).
        case invalidRequest
        /// The record does not exist or was deleted (HTTP 404).
        case notFound
        /// The request is valid but clashes with stored state (HTTP 409).
        case conflict
        /// A ciphertext did not authenticate: it was moved, altered or sealed with another key.
        case tampering
        /// The deployment is missing something the operation needs (configuration, a current key).
        case misconfigured
        /// An outside system (bank, directory, key store) answered with an error or not at all.
        case upstream(status: Int?)
        /// A dependency of ours (the database) cannot be reached for now; the same request may
        /// succeed later (HTTP 503 with Retry-After). Store implementations map their
        /// connection-level failures to this; SQL errors stay `internal`.
        case unavailable
        /// A fault of ours or of the machine; details are logged, not returned.
        case `internal`
    }

    public var kind: Kind
    /// The request property at fault, in the API's own spelling (for example `AssociatedKey.Name`).
    public var field: String?
    /// A sentence a TPP engineer can act on. Never contains a secret value.
    public var detail: String
    /// Structured extras a front may include (for example the bank's endpoint and response body).
    public var extras: [String: String]
    /// The full cause, for the log and the operator's console only; never sent to an API caller
    /// (for example why a key would not load, when callers get one answer for every reason).
    public var cause: String?

    public init(_ kind: Kind, field: String? = nil, _ detail: String, extras: [String: String] = [:]) {
        self.kind = kind
        self.field = field
        self.detail = detail
        self.extras = extras
    }

    public var description: String {
        let text = field.map { "\($0): \(detail)" } ?? detail
        return cause.map { "\(text) (cause: \($0))" } ?? text
    }

    /// This error with `cause` kept for the log.
    public func withCause(_ cause: String) -> OBCError {
        var error = self
        error.cause = cause
        return error
    }

    public static func invalid(_ field: String, _ detail: String) -> OBCError {
        OBCError(.invalidRequest, field: field, detail)
    }

    public static func conflict(_ detail: String) -> OBCError {
        OBCError(.conflict, detail)
    }

    /// The database cannot be reached or used for now; `cause` (the driver's words) is for the log only.
    public static func databaseUnavailable(cause: String) -> OBCError {
        OBCError(.unavailable, "The database is unavailable; try again shortly.").withCause(cause)
    }
}
