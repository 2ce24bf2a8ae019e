import OBCCore
import OBCPluginAPI

/// The document's component schemas. Request schemas state what the server enforces and
/// leave unknown properties allowed (the server ignores them, as OBC's runtime does); response
/// schemas list exactly what the DTOs encode (`additionalProperties: false`), which every
/// response the test suite receives is validated against.
enum OpenAPISchemas {
    static let string: JSONValue = .object(["type": "string"])
    static let nullableString: JSONValue = .object(["type": "string", "nullable": true])
    /// The server trims and refuses empty text.
    static let text: JSONValue = .object(["type": "string", "minLength": .number(1), "pattern": "\\S"])
    static let uuid: JSONValue = .object(["type": "string", "format": "uuid"])
    static let dateTime: JSONValue = .object(["type": "string", "format": "date-time"])
    static let boolean: JSONValue = .object(["type": "boolean"])
    static let nullableBoolean: JSONValue = .object(["type": "boolean", "nullable": true])
    static let stringArray: JSONValue = .object(["type": "array", "items": string])
    static let warnings: JSONValue = .object(["type": "array", "items": string, "nullable": true])
    /// An absolute https URL with a host, as the server requires of redirect URLs.
    static let httpsURL: JSONValue = .object(["type": "string", "format": "uri", "pattern": "^[Hh][Tt][Tt][Pp][Ss]://[^/?#\\s]+"])
    static let uri: JSONValue = .object(["type": "string", "format": "uri", "nullable": true])
    /// The registry's bank groups in OBC's order: by name ignoring case, as OBC's own enum lists
    /// its groups, so a build with OBC's groups serves exactly OBC's enum, and a group this
    /// deployment adds (a test's, an operator's) is served, so it is documented too.
    static func servedBankGroups(_ registered: some Sequence<String>) -> [String] {
        Set(registered).sorted { ($0.lowercased(), $0) < ($1.lowercased(), $1) }
    }

    static func ref(_ name: String) -> JSONValue { OpenAPIDocument.ref(name) }

    static func request(_ properties: [String: JSONValue], required: [String], extra: [String: JSONValue] = [:]) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "object", "properties": .object(properties)]
        if !required.isEmpty { schema["required"] = .array(required.sorted().map(JSONValue.string)) }
        return .object(schema.merging(extra) { a, _ in a })
    }

    static func response(_ properties: [String: JSONValue], required: [String]) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "object", "properties": .object(properties), "additionalProperties": false]
        if !required.isEmpty { schema["required"] = .array(required.sorted().map(JSONValue.string)) }
        return .object(schema)
    }

    static func merged(_ parts: [String: JSONValue]...) -> [String: JSONValue] {
        parts.reduce(into: [:]) { $0.merge($1) { a, _ in a } }
    }

    static func all(secretSources: [SecretSource], bankProfiles: [String], bankGroups: [String]) -> [String: JSONValue] {
        let authorship: [String: JSONValue] = ["Reference": nullableString, "CreatedBy": nullableString]
        let recordFields = merged(["Id": uuid, "Created": dateTime, "Warnings": warnings], authorship)
        let certificate: [String: JSONValue] = ["AssociatedKey": ref("SecretDescription"), "Certificate": text]
        let statementURLs: [String: JSONValue] = [
            "DefaultObWacCertificateId": uuid, "DefaultObSealCertificateId": uuid, "DefaultQueryRedirectUrl": httpsURL,
            "DefaultFragmentRedirectUrl": httpsURL,
        ]
        let statement = merged(["OrganisationId": text, "SoftwareId": text, "SandboxEnvironment": boolean], statementURLs)
        let statementRequired = [
            "OrganisationId", "SoftwareId", "DefaultObWacCertificateId", "DefaultObSealCertificateId", "DefaultQueryRedirectUrl",
            "DefaultFragmentRedirectUrl",
        ]
        var schemas: [String: JSONValue] = [
            "SecretSource": .object(["type": "string", "enum": .array(secretSources.map { .string($0.rawValue) })]),
            "SecretDescription": request(["Source": ref("SecretSource"), "Name": text], required: ["Name"]),
            "BaseResponse": response(["Warnings": warnings], required: []),
            "ObWacCertificate": request(merged(certificate, authorship), required: ["AssociatedKey", "Certificate"]),
            "ObWacCertificateResponse": response(merged(certificate, recordFields), required: ["AssociatedKey", "Certificate", "Id", "Created"]),
            "ObSealCertificate": request(
                merged(certificate, ["AssociatedKeyId": text], authorship), required: ["AssociatedKeyId", "AssociatedKey", "Certificate"]),
            "ObSealCertificateResponse": response(
                merged(certificate, ["AssociatedKeyId": text], recordFields),
                required: ["AssociatedKeyId", "AssociatedKey", "Certificate", "Id", "Created"]),
            "SoftwareStatement": request(merged(statement, authorship), required: statementRequired),
            "SoftwareStatementUpdate": request(statementURLs, required: []),
            "SoftwareStatementResponse": response(
                merged(statement, recordFields), required: statementRequired + ["SandboxEnvironment", "Id", "Created"]),
            "SoftwareStatementsResponse": response(
                ["Data": .object(["type": "array", "items": ref("SoftwareStatementResponse")]), "Warnings": warnings], required: ["Data"]),
            "EncryptionKeyDescription": request(
                merged(["Key": ref("SecretDescription"), "SetAsCurrentEncryptionKey": nullableBoolean], authorship), required: ["Key"]),
            "EncryptionKeyDescriptionResponse": response(
                merged(["Key": ref("SecretDescription")], recordFields), required: ["Key", "Id", "Created"]),
            "RegistrationScopeEnum": .object([
                "type": "string",
                "enum": [
                    "None", "AccountAndTransaction", "PaymentInitiation", "AccountAndTransactionPlusPaymentInitiation", "FundsConfirmation", "All",
                ],
            ]),
            "TokenEndpointAuthMethodSupportedValues": .object([
                "type": "string", "enum": ["ClientSecretBasic", "ClientSecretPost", "PrivateKeyJwt", "TlsClientAuth"],
            ]),
            "OAuth2ResponseMode": .object(["type": "string", "enum": .array(OAuth2ResponseMode.allCases.map { .string($0.rawValue) })]),
            "BankGroup": .object(["type": "string", "enum": .array(bankGroups.map(JSONValue.string))]),
            "BankProfileEnum": .object(["type": "string", "enum": .array(bankProfiles.map(JSONValue.string))]),
            "BankRegistration": bankRegistration(authorship: authorship),
            "BankRegistrationResponse": bankRegistrationResponse(recordFields: recordFields),
            "BankProfileSettingResponse": bankProfileSettingResponse,
            "BankProfileResponse": bankProfileResponse,
            "BankProfilesResponse": response(["Data": .object(["type": "array", "items": ref("BankProfileResponse")])], required: ["Data"]),
            "InterruptedRegistrationResponse": interruptedRegistrationResponse,
            "InterruptedRegistrationResolutionResponse": interruptedRegistrationResolutionResponse,
            "InterruptedRegistrationsResponse": response(
                ["Data": .object(["type": "array", "items": ref("InterruptedRegistrationResponse")])], required: ["Data"]),
            "HealthStatus": response(
                ["Status": string, "Reasons": warnings, "Warnings": warnings, "Detail": nullableString], required: ["Status"]),
            "FieldFault": .object([
                "type": "object",
                "description": "One request property at fault: its name, a JSON Pointer to it in the body, and what is wrong.",
                "properties": .object(["field": string, "pointer": string, "detail": string]),
                "required": ["field", "pointer", "detail"],
            ]),
            "ProblemDetails": .object([
                "type": "object",
                "description":
                    "RFC 9457 problem details; `field` names the request property at fault, `errors` every property at fault in a request body.",
                "properties": .object([
                    "type": string, "title": string, "status": .object(["type": "integer"]), "detail": string, "field": string, "instance": string,
                    "errors": .object(["type": "array", "items": ref("FieldFault")]),
                ]),
                "required": ["title", "status", "detail"],
            ]),
        ]
        schemas.merge(ExternalApiResponse.schemas()) { a, _ in a }
        schemas.merge(estate(recordFields: recordFields)) { a, _ in a }
        schemas.merge(renewal()) { a, _ in a }
        return schemas
    }

    static func bankRegistration(authorship: [String: JSONValue]) -> JSONValue {
        let secretPairs: JSONValue = .object([
            "anyOf": [
                .object(["required": ["ExternalApiSecret", "ExternalApiSecretFromSecrets"]]),
                .object(["required": ["RegistrationAccessToken", "RegistrationAccessTokenFromSecrets"]]),
            ]
        ])
        let scope: JSONValue = .object([
            "allOf": [ref("RegistrationScopeEnum")], "not": .object(["enum": ["None"]]),
            "description": "The APIs to register for; None is refused. Absent: the SSA's software_roles.",
        ])
        let properties = merged(
            [
                "BankProfile": ref("BankProfileEnum"), "SoftwareStatementId": uuid, "RegistrationScope": scope,
                "DefaultFragmentRedirectUri": uri, "DefaultQueryRedirectUri": uri,
                "RedirectUris": .object(["type": "array", "items": httpsURL, "minItems": .number(1), "nullable": true]),
                "ExternalApiId": nullableString, "ExternalApiSecret": nullableString, "ExternalApiSecretFromSecrets": ref("SecretDescription"),
                "RegistrationAccessToken": nullableString, "RegistrationAccessTokenFromSecrets": ref("SecretDescription"),
                "UseSimulatedBank": nullableBoolean, "AispUseV4": nullableBoolean, "PispUseV4": nullableBoolean, "VrpUseV4": nullableBoolean,
                "DefaultResponseModeOverride": .object([
                    "allOf": [ref("OAuth2ResponseMode")],
                    "description": "Not in OBC's request (an extension): absent means the bank profile's default response mode.",
                ]),
            ], authorship)
        return request(
            properties, required: ["BankProfile", "SoftwareStatementId"],
            extra: [
                "not": secretPairs,
                "description":
                    "Give at most one of ExternalApiSecret and ExternalApiSecretFromSecrets, and of RegistrationAccessToken and RegistrationAccessTokenFromSecrets.",
            ])
    }

    static func bankRegistrationResponse(recordFields: [String: JSONValue]) -> JSONValue {
        let properties = merged(
            [
                "ExternalApiResponse": ref("OBClientRegistration1Response"), "SoftwareStatementId": uuid,
                "DefaultResponseModeOverride": ref("OAuth2ResponseMode"), "TokenEndpointAuthMethod": ref("TokenEndpointAuthMethodSupportedValues"),
                "BankProfile": ref("BankProfileEnum"), "BankGroup": ref("BankGroup"), "JwksUri": string, "RegistrationEndpoint": nullableString,
                "TokenEndpoint": string, "AuthorizationEndpoint": string, "RegistrationScope": ref("RegistrationScopeEnum"),
                "DefaultFragmentRedirectUri": string, "DefaultQueryRedirectUri": string, "RedirectUris": stringArray, "ExternalApiId": string,
                "UseSimulatedBank": boolean, "AispUseV4": boolean, "PispUseV4": boolean, "VrpUseV4": boolean,
            ], recordFields)
        return response(
            properties,
            required: [
                "AispUseV4", "AuthorizationEndpoint", "BankGroup", "BankProfile", "Created", "DefaultFragmentRedirectUri", "DefaultQueryRedirectUri",
                "DefaultResponseModeOverride", "ExternalApiId", "Id", "JwksUri", "PispUseV4", "RedirectUris", "RegistrationEndpoint",
                "RegistrationScope", "SoftwareStatementId", "TokenEndpoint", "TokenEndpointAuthMethod", "UseSimulatedBank", "VrpUseV4",
            ])
    }

    /// Request examples that work as given once the placeholder id names your software statement
    /// (Swagger UI's "Try it out" sends them); schemas without one get Swagger UI's generated example.
    static func example(for schema: String, bankProfiles: [String]) -> JSONValue? {
        guard schema == "BankRegistration" else { return nil }
        return .object([
            "BankProfile": .string(bankProfiles.contains("Obie_Model2023") ? "Obie_Model2023" : bankProfiles.first ?? ""),
            "SoftwareStatementId": "00000000-0000-0000-0000-000000000000",
            "UseSimulatedBank": true,
        ])
    }
}
