/// One bank's deployment and its quirks, as data. Profiles come from bank-group plugins; the
/// deployment values (issuer URL, financial id) can be overridden by configuration as in OBC.
public struct BankProfile: Sendable, Hashable {
    /// OBC's `BankProfileEnum` value, for example `NatWest_NatWest`.
    public var id: String
    public var group: String
    public var bank: String
    public var issuerUrl: String
    public var financialId: String
    public var dcrVersion: DCRVersion
    public var quirks: RegistrationQuirks

    public init(
        id: String,
        group: String,
        bank: String,
        issuerUrl: String,
        financialId: String,
        dcrVersion: DCRVersion,
        quirks: RegistrationQuirks = RegistrationQuirks()
    ) {
        self.id = id
        self.group = group
        self.bank = bank
        self.issuerUrl = issuerUrl
        self.financialId = financialId
        self.dcrVersion = dcrVersion
        self.quirks = quirks
    }
}

/// How a bank departs from the DCR specification, so the flow itself stays bank-agnostic.
public struct RegistrationQuirks: Sendable, Hashable {
    /// Send `scope` as a JSON array rather than a space-separated string.
    public var scopeClaimAsArray = false
    /// The bank answers `scope` as a JSON array.
    public var scopeResponseAsArray = false
    /// The bank answers `client_id_issued_at` (and `iat`/`exp`) in milliseconds.
    public var timestampsInMilliseconds = false
    /// Content-Type `application/jose` instead of `application/jwt`.
    public var contentTypeApplicationJose = false

    public init() {}
}

/// The registration claims built once, before any version's spelling is applied.
public struct RegistrationClaims: Sendable, Hashable {
    public var issuer: String
    public var issuedAt: Int
    public var expiresAt: Int
    public var audience: String
    public var jwtId: String
    public var redirectUris: [String]
    public var tokenEndpointAuthMethod: String
    public var grantTypes: [String]
    public var responseTypes: [String]
    public var softwareId: String
    public var scope: [String]
    public var softwareStatement: String
    public var applicationType: String
    public var idTokenSignedResponseAlg: String
    public var requestObjectSigningAlg: String
    public var tokenEndpointAuthSigningAlg: String?
    public var tlsClientAuthSubjectDn: String
    public var subjectType: String?

    public init(
        issuer: String, issuedAt: Int, expiresAt: Int, audience: String, jwtId: String, redirectUris: [String],
        tokenEndpointAuthMethod: String, grantTypes: [String], responseTypes: [String], softwareId: String,
        scope: [String], softwareStatement: String, applicationType: String, idTokenSignedResponseAlg: String,
        requestObjectSigningAlg: String, tokenEndpointAuthSigningAlg: String?, tlsClientAuthSubjectDn: String,
        subjectType: String?
    ) {
        self.issuer = issuer
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.audience = audience
        self.jwtId = jwtId
        self.redirectUris = redirectUris
        self.tokenEndpointAuthMethod = tokenEndpointAuthMethod
        self.grantTypes = grantTypes
        self.responseTypes = responseTypes
        self.softwareId = softwareId
        self.scope = scope
        self.softwareStatement = softwareStatement
        self.applicationType = applicationType
        self.idTokenSignedResponseAlg = idTokenSignedResponseAlg
        self.requestObjectSigningAlg = requestObjectSigningAlg
        self.tokenEndpointAuthSigningAlg = tokenEndpointAuthSigningAlg
        self.tlsClientAuthSubjectDn = tlsClientAuthSubjectDn
        self.subjectType = subjectType
    }
}

/// What the bank said, read back into one shape whatever the DCR version.
public struct RegistrationResponse: Sendable, Hashable {
    public var clientId: String
    public var clientSecret: SecretValueBox?
    public var registrationAccessToken: SecretValueBox?
    /// The response in DCR v3.3 shape with the secrets removed, for `ExternalApiResponse`.
    public var redacted: JSONValue

    public init(clientId: String, clientSecret: SecretValueBox?, registrationAccessToken: SecretValueBox?, redacted: JSONValue) {
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.registrationAccessToken = registrationAccessToken
        self.redacted = redacted
    }
}

/// A hashable holder for a secret inside value types that must be `Hashable`.
public struct SecretValueBox: Sendable, Hashable {
    public let secret: SecretValue
    public init(_ secret: SecretValue) { self.secret = secret }
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.secret.revealed == rhs.secret.revealed }
    public func hash(into hasher: inout Hasher) { hasher.combine(secret.revealed) }
}
