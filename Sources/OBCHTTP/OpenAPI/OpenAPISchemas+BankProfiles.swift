import OBCCore
import OBCPluginAPI

/// The schemas of `GET /manage/bank-profiles[/{bankProfile}]` and
/// `GET /manage/interrupted-registrations` (additions to OBC's API).
extension OpenAPISchemas {
    static let interruptedRegistrationResponse = response(
        [
            "Id": uuid, "BankProfile": string, "SoftwareStatementId": uuid, "BankGroup": string, "RegistrationGroup": string,
            "Jti": .object(["type": "string", "description": "The jti of the registration JWT the bank may have kept."]),
            "AttemptedAt": dateTime, "InterruptedAt": dateTime, "HostName": string, "ProcessId": .object(["type": "integer"]), "InstanceId": uuid,
            "Cause": .object(["type": "string", "enum": .array(RegistrationAttempt.Cause.allCases.map { .string($0.rawValue) })]),
            "ExternalApiId": .object(["type": "string", "description": "The bank's client_id, when its answer arrived."]),
        ],
        required: [
            "Id", "BankProfile", "SoftwareStatementId", "BankGroup", "RegistrationGroup", "Jti", "AttemptedAt", "HostName", "ProcessId", "InstanceId",
        ])

    static let interruptedRegistrationResolutionResponse = response(
        [
            "Id": uuid,
            "DeletedExternalApiId": .object(["type": "string", "description": "The client deleted at the bank, when one was."]),
            "Warnings": stringArray,
        ], required: ["Id"])

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
