/// Which `scope` the client asks for in the client-credentials grant it uses for the bank's
/// `/register/{ClientId}` endpoints: none by default (OBC's `CustomTokenScope` unset).
public enum ClientCredentialsScopeRule: Sendable, Hashable {
    case none
    case fixed(String)
    /// The registration's first API scope: accounts, else payments, else fundsconfirmations.
    case fromRegistrationScope
}
