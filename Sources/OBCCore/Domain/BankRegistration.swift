import Foundation
import OBCPluginAPI

/// A TPP's registration with a bank for one bank profile. Several registrations in one
/// registration group share a `BankClient`, the OAuth2 client the bank issued.
public struct BankRegistration: StoredRecord, Equatable {
    public static let kind = RecordKind.bankRegistration
    public static let table = "bank_registration"
    public static let references = [
        RecordReference(
            field: "SoftwareStatementId", column: "software_statement_id", target: .softwareStatement,
            id: { (registration: BankRegistration) in registration.softwareStatementId })
    ]

    public var metadata: RecordMetadata
    public var bankClientId: UUID
    public var softwareStatementId: UUID
    public var bankProfile: String
    public var bankGroup: String
    public var registrationScope: RegistrationScope
    public var tokenEndpointAuthMethod: TokenEndpointAuthMethod
    public var useSimulatedBank: Bool
    public var externalApiId: String
    public var jwksUri: String
    public var registrationEndpoint: String?
    public var tokenEndpoint: String
    public var authorizationEndpoint: String
    public var defaultFragmentRedirectUri: String
    public var defaultQueryRedirectUri: String
    public var redirectUris: [String]
    /// OBC's `DefaultResponseModeOverride`, resolved when the registration was created (nil only
    /// for registrations stored before the field existed; reads fill it from the bank profile).
    public var defaultResponseMode: OAuth2ResponseMode?
    public var useV4: UseV4Settings

    public init(
        metadata: RecordMetadata, client: BankClient, bankProfile: String, defaultFragmentRedirectUri: String,
        defaultQueryRedirectUri: String, defaultResponseMode: OAuth2ResponseMode? = nil, useV4: UseV4Settings = UseV4Settings()
    ) {
        self.metadata = metadata
        self.bankClientId = client.id
        self.softwareStatementId = client.softwareStatementId
        self.bankProfile = bankProfile
        self.bankGroup = client.bankGroup
        self.registrationScope = client.registrationScope
        self.tokenEndpointAuthMethod = client.tokenEndpointAuthMethod
        self.useSimulatedBank = client.useSimulatedBank
        self.externalApiId = client.externalApiId ?? ""
        self.jwksUri = client.jwksUri
        self.registrationEndpoint = client.registrationEndpoint
        self.tokenEndpoint = client.tokenEndpoint
        self.authorizationEndpoint = client.authorizationEndpoint
        self.defaultFragmentRedirectUri = defaultFragmentRedirectUri
        self.defaultQueryRedirectUri = defaultQueryRedirectUri
        self.redirectUris = client.redirectUris
        self.defaultResponseMode = defaultResponseMode
        self.useV4 = useV4
    }
}

/// The OAuth2 client a bank issued for one registration group of one software statement.
/// Its row is claimed before DCR starts, so concurrent requests and processes wait for one
/// DCR instead of each registering their own client.
public struct BankClient: Sendable, Equatable {
    public enum State: String, Sendable {
        /// A request has claimed the group and is registering at the bank.
        case pending
        /// The bank issued the client (or the TPP supplied it).
        case active
    }

    /// What identifies a registration group: one client per key.
    public struct Key: Sendable, Hashable {
        public var softwareStatementId: UUID
        public var bankGroup: String
        public var registrationGroup: String

        public init(softwareStatementId: UUID, bankGroup: String, registrationGroup: String) {
            self.softwareStatementId = softwareStatementId
            self.bankGroup = bankGroup
            self.registrationGroup = registrationGroup
        }
    }

    public var id: UUID
    public var key: Key
    public var state: State
    /// Which request holds a pending claim, and since when (stale claims are taken over).
    public var claimedBy: UUID
    public var claimedAt: Date
    public var created: Date
    public var bankProfile: String
    public var externalApiId: String?
    public var registrationScope: RegistrationScope
    public var tokenEndpointAuthMethod: TokenEndpointAuthMethod
    public var useSimulatedBank: Bool
    public var jwksUri: String
    public var registrationEndpoint: String?
    public var tokenEndpoint: String
    public var authorizationEndpoint: String
    public var redirectUris: [String]
    /// The `SoftwareStatement.revision` the client was last registered or updated at the bank
    /// with (nil for clients stored before revisions were kept).
    public var statementRevision: String?
    /// When the client was last updated at the bank (`PUT /register/{ClientId}`).
    public var updatedAt: Date?

    public var softwareStatementId: UUID { key.softwareStatementId }
    public var bankGroup: String { key.bankGroup }

    public init(
        id: UUID = UUID(), key: Key, state: State, claimedBy: UUID, claimedAt: Date, created: Date, bankProfile: String,
        externalApiId: String? = nil, registrationScope: RegistrationScope, tokenEndpointAuthMethod: TokenEndpointAuthMethod,
        useSimulatedBank: Bool, jwksUri: String = "", registrationEndpoint: String? = nil, tokenEndpoint: String = "",
        authorizationEndpoint: String = "", redirectUris: [String] = [], statementRevision: String? = nil, updatedAt: Date? = nil
    ) {
        self.id = id
        self.key = key
        self.state = state
        self.claimedBy = claimedBy
        self.claimedAt = claimedAt
        self.created = created
        self.bankProfile = bankProfile
        self.externalApiId = externalApiId
        self.registrationScope = registrationScope
        self.tokenEndpointAuthMethod = tokenEndpointAuthMethod
        self.useSimulatedBank = useSimulatedBank
        self.jwksUri = jwksUri
        self.registrationEndpoint = registrationEndpoint
        self.tokenEndpoint = tokenEndpoint
        self.authorizationEndpoint = authorizationEndpoint
        self.redirectUris = redirectUris
        self.statementRevision = statementRevision
        self.updatedAt = updatedAt
    }
}
