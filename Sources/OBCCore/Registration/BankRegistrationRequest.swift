import Foundation
import OBCPluginAPI

extension BankRegistrationService {
    /// What a caller asks for: OBC's `BankRegistration` request in the core's types.
    public struct Request: Sendable {
        public var bankProfile: String
        public var softwareStatementId: UUID
        public var registrationScope: RegistrationScope?
        public var defaultFragmentRedirectUri: String?
        public var defaultQueryRedirectUri: String?
        public var redirectUris: [String]?
        public var externalApiId: String?
        public var externalApiSecret: SecretValue?
        public var externalApiSecretFromSecrets: SecretDescription?
        public var registrationAccessToken: SecretValue?
        public var registrationAccessTokenFromSecrets: SecretDescription?
        public var useSimulatedBank: Bool
        /// OBC's rules fill these from the bank profile when nil (`RegistrationDefaults`).
        public var defaultResponseMode: OAuth2ResponseMode?
        public var aispUseV4: Bool?
        public var pispUseV4: Bool?
        public var vrpUseV4: Bool?
        public var authorship: RecordAuthorship

        public init(
            bankProfile: String, softwareStatementId: UUID, registrationScope: RegistrationScope? = nil,
            defaultFragmentRedirectUri: String? = nil, defaultQueryRedirectUri: String? = nil, redirectUris: [String]? = nil,
            externalApiId: String? = nil, externalApiSecret: SecretValue? = nil, externalApiSecretFromSecrets: SecretDescription? = nil,
            registrationAccessToken: SecretValue? = nil, registrationAccessTokenFromSecrets: SecretDescription? = nil,
            useSimulatedBank: Bool = false, defaultResponseMode: OAuth2ResponseMode? = nil, aispUseV4: Bool? = nil, pispUseV4: Bool? = nil,
            vrpUseV4: Bool? = nil, authorship: RecordAuthorship = .init()
        ) {
            self.defaultResponseMode = defaultResponseMode
            self.aispUseV4 = aispUseV4
            self.pispUseV4 = pispUseV4
            self.vrpUseV4 = vrpUseV4
            self.bankProfile = bankProfile
            self.softwareStatementId = softwareStatementId
            self.registrationScope = registrationScope
            self.defaultFragmentRedirectUri = defaultFragmentRedirectUri
            self.defaultQueryRedirectUri = defaultQueryRedirectUri
            self.redirectUris = redirectUris
            self.externalApiId = externalApiId
            self.externalApiSecret = externalApiSecret
            self.externalApiSecretFromSecrets = externalApiSecretFromSecrets
            self.registrationAccessToken = registrationAccessToken
            self.registrationAccessTokenFromSecrets = registrationAccessTokenFromSecrets
            self.useSimulatedBank = useSimulatedBank
            self.authorship = authorship
        }

        /// True when the client is made outside DCR and the caller names it.
        var suppliesClient: Bool { externalApiId != nil }
    }

    /// A registration with what the bank said, when the bank was called.
    public struct Result: Sendable {
        public var registration: BankRegistration
        public var externalApiResponse: JSONValue?
        public var warnings: [String]
    }
}
