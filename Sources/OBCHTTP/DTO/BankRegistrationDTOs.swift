import Foundation
import HTTPTypes
import Hummingbird
import OBCCore
import OBCPluginAPI

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
    /// Not in OBC's request: this product's extension; OBC's rules fill it from the bank profile when absent.
    var defaultResponseModeOverride: String?
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
        var mode: OAuth2ResponseMode?
        if let name = defaultResponseModeOverride {
            guard let parsed = OAuth2ResponseMode(rawValue: name) else {
                let names = OAuth2ResponseMode.allCases.map(\.rawValue).joined(separator: ", ")
                throw OBCError.invalid("DefaultResponseModeOverride", "'\(name)' is not one of \(names).")
            }
            mode = parsed
        }
        return .init(
            bankProfile: bankProfile, softwareStatementId: softwareStatementId, registrationScope: scope,
            defaultFragmentRedirectUri: defaultFragmentRedirectUri, defaultQueryRedirectUri: defaultQueryRedirectUri, redirectUris: redirectUris,
            externalApiId: externalApiId, externalApiSecret: externalApiSecret.map(SecretValue.init),
            externalApiSecretFromSecrets: externalApiSecretFromSecrets, registrationAccessToken: registrationAccessToken.map(SecretValue.init),
            registrationAccessTokenFromSecrets: registrationAccessTokenFromSecrets, useSimulatedBank: useSimulatedBank ?? false,
            defaultResponseMode: mode, aispUseV4: aispUseV4, pispUseV4: pispUseV4, vrpUseV4: vrpUseV4, authorship: authorship)
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
    var defaultResponseModeOverride: String
    var tokenEndpointAuthMethod: String
    var bankProfile: String
    var bankGroup: String
    var jwksUri: String
    var registrationEndpoint: ExplicitNull<String>
    var tokenEndpoint: String
    var authorizationEndpoint: String
    var registrationScope: String
    var defaultFragmentRedirectUri: String
    var defaultQueryRedirectUri: String
    var redirectUris: [String]
    var externalApiId: String
    var useSimulatedBank: Bool
    var aispUseV4: Bool
    var pispUseV4: Bool
    var vrpUseV4: Bool
    var warnings: [String]?
    /// Members of the bank's response that OBC's schema does not allow: sent as a header.
    var externalApiResponseExtensions: JSONValue?

    enum CodingKeys: String, CodingKey {
        case id, created, createdBy, reference, externalApiResponse, softwareStatementId, defaultResponseModeOverride
        case tokenEndpointAuthMethod, bankProfile, bankGroup, jwksUri, registrationEndpoint, tokenEndpoint, authorizationEndpoint
        case registrationScope, defaultFragmentRedirectUri, defaultQueryRedirectUri, redirectUris, externalApiId, useSimulatedBank
        case aispUseV4, pispUseV4, vrpUseV4, warnings
    }

    init(_ result: BankRegistrationService.Result) {
        let registration = result.registration
        id = registration.id.apiString
        created = registration.metadata.created
        createdBy = registration.metadata.createdBy
        reference = registration.metadata.reference
        let external = result.externalApiResponse.map(ExternalApiResponse.split)
        externalApiResponse = external?.response
        externalApiResponseExtensions = external?.extensions
        softwareStatementId = registration.softwareStatementId.apiString
        defaultResponseModeOverride = (registration.defaultResponseMode ?? .fragment).rawValue
        tokenEndpointAuthMethod = registration.tokenEndpointAuthMethod.obcName
        bankProfile = registration.bankProfile
        bankGroup = registration.bankGroup
        jwksUri = registration.jwksUri
        registrationEndpoint = ExplicitNull(registration.registrationEndpoint)
        tokenEndpoint = registration.tokenEndpoint
        authorizationEndpoint = registration.authorizationEndpoint
        registrationScope = registration.registrationScope.name
        defaultFragmentRedirectUri = registration.defaultFragmentRedirectUri
        defaultQueryRedirectUri = registration.defaultQueryRedirectUri
        redirectUris = registration.redirectUris
        externalApiId = registration.externalApiId
        useSimulatedBank = registration.useSimulatedBank
        aispUseV4 = registration.useV4.aisp
        pispUseV4 = registration.useV4.pisp
        vrpUseV4 = registration.useV4.vrp
        warnings = result.warnings.nonEmpty
    }

    /// The response with its status, `Location` when created, and the extensions header.
    func edited(status: HTTPResponse.Status, location: String? = nil) -> EditedResponse<BankRegistrationResponse> {
        var headers = HTTPFields()
        if let location { headers[.location] = location }
        if let extensions = externalApiResponseExtensions {
            headers[HTTPField.Name(ExternalApiResponse.extensionsHeader)!] = ExternalApiResponse.headerValue(extensions)
        }
        return EditedResponse(status: status, headers: headers, response: self)
    }
}
