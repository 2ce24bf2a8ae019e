/// Every kind of bank difference this build knows, each declared once in its own
/// `BankDifferences+<Name>.swift`. A profile's `quirks:` may name only these keys.
public enum BankDifferences {
    public static let all: [any BankDifference.Type] = [
        AudClaim.self,
        SubjectTypeClaim.self,
        GrantTypesClaim.self,
        ScopeClaimAsArray.self,
        ScopeResponseAsArray.self,
        ClientIdIssuedAtInMilliseconds.self,
        IssuedAtAndExpiryInMilliseconds.self,
        ContentTypeApplicationJose.self,
        TransportCertificateSubjectDnOrgIdEncoding.self,
        ClientCredentialsTokenScope.self,
        ResponseModesSupportedOverride.self,
        TokenEndpointAuthMethodsSupportedOverride.self,
        ResponseTokenTypeCaseMayBeIncorrect.self,
    ]

    /// The YAML keys of every kind.
    public static var keys: Set<String> { Set(all.map { $0.key }) }
}
