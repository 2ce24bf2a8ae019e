import OBCCore
import OBCPluginAPI

/// The schemas of `GET /manage/bank-profiles[/{bankProfile}]` (additions to OBC's API).
extension OpenAPISchemas {
    static let bankProfileSettingResponse = response(
        [
            "Name": string, "Value": nullableString,
            "Source": .object(["type": "string", "enum": ["Configuration", "ProfileData", "Unset"]]),
            "ConfigurationKey": nullableString, "ConfigurationKeys": stringArray, "Required": boolean, "Missing": boolean,
        ], required: ["Name", "Source", "ConfigurationKeys", "Required", "Missing"])

    static let bankProfileResponse = response(
        [
            "BankProfile": string, "BankGroup": string, "Bank": string, "RegistrationGroup": nullableString,
            "IssuerUrl": nullableString, "FinancialId": nullableString, "OpenIdConfigurationUrl": nullableString,
            "DynamicClientRegistrationApiVersion": string, "UseRegistrationEndpoint": boolean, "UseRegistrationGetEndpoint": boolean,
            "UseRegistrationDeleteEndpoint": boolean, "UseRegistrationAccessToken": boolean,
            "TokenEndpointAuthMethod": ref("TokenEndpointAuthMethodSupportedValues"),
            "Quirks": .object([
                "type": "object", "additionalProperties": true, "description": "How the bank departs from the DCR and OAuth2 specifications.",
            ]),
            "Settings": .object(["type": "array", "items": ref("BankProfileSettingResponse")]), "MissingSettings": stringArray,
        ],
        required: [
            "BankProfile", "BankGroup", "Bank", "DynamicClientRegistrationApiVersion", "UseRegistrationEndpoint", "TokenEndpointAuthMethod",
            "Settings", "MissingSettings",
        ])
}
