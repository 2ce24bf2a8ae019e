/// Why a key source could not produce a secret. Messages name the secret, never its value.
public struct KeySourceError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        case notFound
        /// The name is not in a form this source accepts; saying so reveals nothing about
        /// which secrets exist, so the message reaches the caller (unlike `notFound`).
        case invalidName
        case accessDenied
        case invalidCredentials
        case unavailable
        case timeout
    }

    public var reason: Reason
    public var message: String

    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { message }
}
