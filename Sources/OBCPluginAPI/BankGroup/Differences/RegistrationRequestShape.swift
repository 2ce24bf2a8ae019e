/// How a bank wants its DCR request, built from the specification by every declared
/// difference's `shape`: the client sends exactly this, and the simulated bank accepts only this.
public struct RegistrationRequestShape: Sendable, Hashable {
    /// Who the DCR JWT's `aud` names.
    public enum Audience: Sendable, Hashable {
        /// The bank's OB financial id (the specification's choice).
        case financialId
        /// The bank's issuer URL.
        case issuer
        /// A fixed value.
        case literal(String)
    }

    public var contentType = "application/jwt"
    public var audience = Audience.financialId
    /// `scope` as a JSON array rather than a space-separated string (besides DCR 3.1, which always uses an array).
    public var scopeAsArray = false
    /// Replaces the specification's `grant_types`.
    public var grantTypes: [String]? = nil
    /// Adds `subject_type`.
    public var subjectType: String? = nil
    /// How the transport certificate's organisation identifier is written in the subject DN.
    public var subjectDnOrgIdEncoding = SubjectDnOrgIdEncoding.stringAttributeType

    public init() {}
}
