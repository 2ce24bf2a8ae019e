import Foundation
import Hummingbird
import OBCCore

/// OBC's `BankRegistration` request.
struct BankRegistrationBody: Decodable, AuthoredBody {
    var bankProfile: String
    var softwareStatementId: UUID
    var registrationScope: String?
    var defaultFragmentRedirectUri: String?
    var defaultQueryRedirectUri: String?
    var redirectUris: [String]?
    var externalApiId: String?
    var externalApiSecret: String?
    var externalApiSecretFromSecrets: SecretDescription?
    var registrationAccessToken: String?
    var registrationAccessTokenFromSecrets: SecretDescription?
    var useSimulatedBank: Bool?
    var aispUseV4: Bool?
    var pispUseV4: Bool?
    var vrpUseV4: Bool?
    var reference: String?
    var createdBy: String?

    func serviceRequest() throws(OBCError) -> BankRegistrationService.Request {
        var scope: RegistrationScope?
        if let name = registrationScope {
            guard let parsed = RegistrationScope(name: name) else {
                throw OBCError.invalid(
                    "RegistrationScope",
                    "'\(name)' is not one of None, AccountAndTransaction, PaymentInitiation, AccountAndTransactionPlusPaymentInitiation, FundsConfirmation, All."
                )
            }
            scope = parsed
        }
        return .init(
            bankProfile: bankProfile, softwareStatementId: softwareStatementId, registrationScope: scope,
            defaultFragmentRedirectUri: defaultFragmentRedirectUri, defaultQueryRedirectUri: defaultQueryRedirectUri, redirectUris: redirectUris,
            externalApiId: externalApiId, externalApiSecret: externalApiSecret.map(SecretValue.init),
            externalApiSecretFromSecrets: externalApiSecretFromSecrets, registrationAccessToken: registrationAccessToken.map(SecretValue.init),
            registrationAccessTokenFromSecrets: registrationAccessTokenFromSecrets, useSimulatedBank: useSimulatedBank ?? false,
            authorship: authorship)
    }
}

/// OBC's `BankRegistrationResponse`; secrets never appear in it.
struct BankRegistrationResponse: ResponseEncodable {
    var id: String
    var created: Date
    var createdBy: String?
    var reference: String?
    var externalApiResponse: JSONValue?
    var softwareStatementId: String
    var tokenEndpointAuthMethod: String
    var bankProfile: String
    var bankGroup: String
    var jwksUri: String
    var registrationEndpoint: String?
    var tokenEndpoint: String
    var authorizationEndpoint: String
    var registrationScope: String
    var defaultFragmentRedirectUri: String
    var defaultQueryRedirectUri: String
    var redirectUris: [String]
    var externalApiId: String
    var useSimulatedBank: Bool
    var aispUseV4 = false
    var pispUseV4 = false
    var vrpUseV4 = false
    var warnings: [String]?

    init(_ result: BankRegistrationService.Result) {
        let registration = result.registration
        id = registration.id.apiString
        created = registration.metadata.created
        createdBy = registration.metadata.createdBy
        reference = registration.metadata.reference
        externalApiResponse = result.externalApiResponse
        softwareStatementId = registration.softwareStatementId.apiString
        tokenEndpointAuthMethod = registration.tokenEndpointAuthMethod.obcName
        bankProfile = registration.bankProfile
        bankGroup = registration.bankGroup
        jwksUri = registration.jwksUri
        registrationEndpoint = registration.registrationEndpoint
        tokenEndpoint = registration.tokenEndpoint
        authorizationEndpoint = registration.authorizationEndpoint
        registrationScope = registration.registrationScope.name
        defaultFragmentRedirectUri = registration.defaultFragmentRedirectUri
        defaultQueryRedirectUri = registration.defaultQueryRedirectUri
        redirectUris = registration.redirectUris
        externalApiId = registration.externalApiId
        useSimulatedBank = registration.useSimulatedBank
        warnings = result.warnings.nonEmpty
    }
}
