/// Why a remote secret service (a cloud secret store, or the endpoints that give its
/// credentials and tokens) could not be reached or refused a call, as a key-source plugin
/// carries it before answering a `KeySourceError`. `reason` is the key-source reason itself;
/// `code` is the service's own error code or status when there is one. `message` never holds
/// a secret or a token; `logDetail` holds facts only the log may show.
public struct SecretServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    public typealias Reason = KeySourceError.Reason

    public var reason: Reason
    public var code: String?
    public var message: String
    /// Facts for the log only (such as where credential files are); never in `message`.
    public var logDetail: String?

    public init(_ reason: Reason, code: String? = nil, _ message: String) {
        self.reason = reason
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// This error with `detail` kept for the log.
    public func logging(_ detail: String) -> SecretServiceError {
        var error = self
        error.logDetail = detail
        return error
    }

    /// The same error with `prefix` before its message, e.g. which secret was being read.
    public func prefixed(_ prefix: String) -> SecretServiceError {
        var error = self
        error.message = prefix + message
        return error
    }
}
