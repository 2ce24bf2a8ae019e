/// Why Google Cloud could not be reached or refused a call. `reason` maps onto
/// `KeySourceError`; `code` is Google's status (`NOT_FOUND`, `PERMISSION_DENIED`, …) or an
/// OAuth error (`invalid_grant`) when there is one. Messages never contain secrets or tokens.
public struct GCPError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        case notFound
        case accessDenied
        case invalidCredentials
        case unavailable
        case timeout
    }

    public var reason: Reason
    public var code: String?
    public var message: String

    public init(_ reason: Reason, code: String? = nil, _ message: String) {
        self.reason = reason
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// The same error with `prefix` before its message, e.g. which secret was being read.
    func prefixed(_ prefix: String) -> GCPError {
        GCPError(reason, code: code, prefix + message)
    }
}
