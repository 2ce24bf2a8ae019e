import OBCCore

/// Builds the OpenAPI 3 document of exactly what this build serves: the operations the
/// router registers and the secret sources the registry knows.
enum OpenAPIDocument {
    static func make(operations: [APIOperation], secretSources: [SecretSource], bankProfiles: [String], version: String) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        for operation in operations {
            var item = paths[operation.path]?.objectValue ?? [:]
            item[operation.method] = describe(operation)
            paths[operation.path] = .object(item)
        }
        return .object([
            "openapi": "3.0.3",
            "info": .object([
                "title": "OpenBankingConnector Management API",
                "description": "Management API compatible with Open Banking Connector: certificates, software statements, encryption keys.",
                "version": .string(version),
            ]),
            "paths": .object(paths),
            "components": .object(["schemas": .object(schemas(secretSources: secretSources, bankProfiles: bankProfiles))]),
        ])
    }

    static func describe(_ operation: APIOperation) -> JSONValue {
        var object: [String: JSONValue] = [
            "tags": [.string(operation.tag)],
            "summary": .string(operation.summary),
            "operationId": .string(operationId(operation)),
        ]
        let parameters: [JSONValue] = operation.pathParameters.map { name in
            let isRecordID = name.hasSuffix("Id")
            return .object([
                "name": .string(name), "in": "path", "required": true,
                "schema": isRecordID ? .object(["type": "string", "format": "uuid"]) : .object(["type": "string"]),
            ])
        }
        var allParameters = parameters
        for (name, description) in operation.queryParameters.sorted(by: { $0.key < $1.key }) {
            allParameters.append(
                .object([
                    "name": .string(name), "in": "query", "required": false, "description": .string(description),
                    "schema": .object(["type": "string"]),
                ]))
        }
        if operation.path.hasPrefix("/manage/bank-registrations/"), operation.method != "post" {
            allParameters.append(
                .object([
                    "name": "x-obc-exclude-external-api-operation", "in": "header", "required": false,
                    "description": "true: act on the local record only, without calling the bank's /register endpoint.",
                    "schema": .object(["type": "boolean"]),
                ]))
        }
        if !allParameters.isEmpty { object["parameters"] = .array(allParameters) }
        if let request = operation.requestSchema {
            object["requestBody"] = .object([
                "required": true,
                "content": .object(["application/json": .object(["schema": ref(request)])]),
            ])
        }
        var success: [String: JSONValue] = ["description": operation.status == 201 ? "Created" : "OK"]
        if let schema = operation.responseSchema {
            success["content"] = .object([operation.responseContentType: .object(["schema": ref(schema)])])
        } else {
            success["content"] = .object([operation.responseContentType: .object(["schema": .object(["type": "string"])])])
        }
        if operation.status == 201 {
            success["headers"] = .object(["Location": .object(["description": "The new record's URL.", "schema": .object(["type": "string"])])])
        }
        var responses: [String: JSONValue] = [String(operation.status): .object(success)]
        let problem: JSONValue = .object(["application/problem+json": .object(["schema": ref("ProblemDetails")])])
        if operation.path.hasPrefix("/manage/") {
            if operation.requestSchema != nil || operation.method == "post" || !operation.queryParameters.isEmpty {
                responses["400"] = .object(["description": "Invalid request", "content": problem])
            }
            if !operation.pathParameters.isEmpty {
                responses["404"] = .object(["description": "No such record", "content": problem])
            }
            if operation.method == "delete" || operation.method == "put" {
                responses["409"] = .object(["description": "Conflicts with stored records", "content": problem])
            }
        }
        if operation.path == "/health/ready" {
            responses["503"] = .object([
                "description": "Not ready", "content": .object(["application/json": .object(["schema": ref("HealthStatus")])]),
            ])
        }
        object["responses"] = .object(responses)
        return .object(object)
    }

    static func operationId(_ operation: APIOperation) -> String {
        let words = operation.path.split(separator: "/").filter { !$0.hasPrefix("{") }
            .flatMap { $0.split(whereSeparator: { "-.".contains($0) }) }
        let suffix = operation.pathParameters.isEmpty ? "" : "ById"
        return operation.method + words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined() + suffix
    }

    static func ref(_ name: String) -> JSONValue { .object(["$ref": .string("#/components/schemas/\(name)")]) }

    static func object(_ properties: [String: JSONValue], required: [String]) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "object", "properties": .object(properties), "additionalProperties": false]
        // OpenAPI 3.0 forbids an empty `required` list.
        if !required.isEmpty { schema["required"] = .array(required.sorted().map(JSONValue.string)) }
        return .object(schema)
    }

    static let string: JSONValue = .object(["type": "string"])
    static let nullableString: JSONValue = .object(["type": "string", "nullable": true])
    static let uuid: JSONValue = .object(["type": "string", "format": "uuid"])
    static let dateTime: JSONValue = .object(["type": "string", "format": "date-time"])
    static let boolean: JSONValue = .object(["type": "boolean"])
    static let stringArray: JSONValue = .object(["type": "array", "items": .object(["type": "string"])])
    static let warnings: JSONValue = .object(["type": "array", "items": string, "nullable": true])

    static func schemas(secretSources: [SecretSource], bankProfiles: [String]) -> [String: JSONValue] {
        let authorship: [String: JSONValue] = ["Reference": nullableString, "CreatedBy": nullableString]
        let recordFields: [String: JSONValue] = ["Id": uuid, "Created": dateTime, "Warnings": warnings].merging(authorship) { a, _ in a }
        let certificate: [String: JSONValue] = ["AssociatedKey": ref("SecretDescription"), "Certificate": string]
        let sealExtra: [String: JSONValue] = ["AssociatedKeyId": string]
        let statement: [String: JSONValue] = [
            "OrganisationId": string, "SoftwareId": string, "SandboxEnvironment": boolean,
            "DefaultObWacCertificateId": uuid, "DefaultObSealCertificateId": uuid,
            "DefaultQueryRedirectUrl": string, "DefaultFragmentRedirectUrl": string,
        ]
        let statementRequired = [
            "OrganisationId", "SoftwareId", "DefaultObWacCertificateId", "DefaultObSealCertificateId", "DefaultQueryRedirectUrl",
            "DefaultFragmentRedirectUrl",
        ]
        func merged(_ parts: [String: JSONValue]...) -> [String: JSONValue] {
            parts.reduce(into: [:]) { $0.merge($1) { a, _ in a } }
        }
        return [
            "SecretSource": .object(["type": "string", "enum": .array(secretSources.map { .string($0.rawValue) })]),
            "SecretDescription": object(["Source": ref("SecretSource"), "Name": string], required: ["Name"]),
            "BaseResponse": object(["Warnings": warnings], required: []),
            "ObWacCertificate": object(merged(certificate, authorship), required: ["AssociatedKey", "Certificate"]),
            "ObWacCertificateResponse": object(merged(certificate, recordFields), required: ["AssociatedKey", "Certificate", "Id", "Created"]),
            "ObSealCertificate": object(merged(certificate, sealExtra, authorship), required: ["AssociatedKeyId", "AssociatedKey", "Certificate"]),
            "ObSealCertificateResponse": object(
                merged(certificate, sealExtra, recordFields), required: ["AssociatedKeyId", "AssociatedKey", "Certificate", "Id", "Created"]),
            "SoftwareStatement": object(merged(statement, authorship), required: statementRequired),
            "SoftwareStatementUpdate": object(
                [
                    "DefaultObWacCertificateId": uuid, "DefaultObSealCertificateId": uuid,
                    "DefaultQueryRedirectUrl": string, "DefaultFragmentRedirectUrl": string,
                ], required: []),
            "SoftwareStatementResponse": object(
                merged(statement, recordFields), required: statementRequired + ["SandboxEnvironment", "Id", "Created"]),
            "SoftwareStatementsResponse": object(
                ["Data": .object(["type": "array", "items": ref("SoftwareStatementResponse")]), "Warnings": warnings], required: ["Data"]),
            "EncryptionKeyDescription": object(
                merged(["Key": ref("SecretDescription"), "SetAsCurrentEncryptionKey": boolean], authorship), required: ["Key"]),
            "EncryptionKeyDescriptionResponse": object(merged(["Key": ref("SecretDescription")], recordFields), required: ["Key", "Id", "Created"]),
            "RegistrationScopeEnum": .object([
                "type": "string",
                "enum": [
                    "None", "AccountAndTransaction", "PaymentInitiation", "AccountAndTransactionPlusPaymentInitiation", "FundsConfirmation", "All",
                ],
            ]),
            "TokenEndpointAuthMethodSupportedValues": .object([
                "type": "string", "enum": ["ClientSecretBasic", "ClientSecretPost", "PrivateKeyJwt", "TlsClientAuth"],
            ]),
            "BankProfileEnum": .object(["type": "string", "enum": .array(bankProfiles.map(JSONValue.string))]),
            "BankRegistration": object(
                merged(
                    [
                        "BankProfile": ref("BankProfileEnum"), "SoftwareStatementId": uuid, "RegistrationScope": ref("RegistrationScopeEnum"),
                        "DefaultFragmentRedirectUri": nullableString, "DefaultQueryRedirectUri": nullableString, "RedirectUris": stringArray,
                        "ExternalApiId": nullableString, "ExternalApiSecret": nullableString,
                        "ExternalApiSecretFromSecrets": ref("SecretDescription"),
                        "RegistrationAccessToken": nullableString, "RegistrationAccessTokenFromSecrets": ref("SecretDescription"),
                        "UseSimulatedBank": boolean, "AispUseV4": boolean, "PispUseV4": boolean, "VrpUseV4": boolean,
                    ], authorship), required: ["BankProfile", "SoftwareStatementId"]),
            "BankRegistrationResponse": object(
                merged(
                    [
                        "ExternalApiResponse": .object([
                            "type": "object", "additionalProperties": true,
                            "description": "The bank's DCR response (v3.3 names), secrets removed; present when the bank was called.",
                        ]),
                        "SoftwareStatementId": uuid, "TokenEndpointAuthMethod": ref("TokenEndpointAuthMethodSupportedValues"),
                        "BankProfile": ref("BankProfileEnum"), "BankGroup": string, "JwksUri": string, "RegistrationEndpoint": nullableString,
                        "TokenEndpoint": string, "AuthorizationEndpoint": string, "RegistrationScope": ref("RegistrationScopeEnum"),
                        "DefaultFragmentRedirectUri": string, "DefaultQueryRedirectUri": string, "RedirectUris": stringArray, "ExternalApiId": string,
                        "UseSimulatedBank": boolean, "AispUseV4": boolean, "PispUseV4": boolean, "VrpUseV4": boolean,
                    ], recordFields),
                required: ["Id", "Created", "BankProfile", "BankGroup", "SoftwareStatementId", "ExternalApiId", "RedirectUris"]),
            "BankProfileSettingResponse": object(
                [
                    "Name": string, "Value": nullableString,
                    "Source": .object(["type": "string", "enum": ["Configuration", "ProfileData", "Unset"]]),
                    "ConfigurationKey": nullableString, "ConfigurationKeys": stringArray, "Required": boolean, "Missing": boolean,
                ], required: ["Name", "Source", "ConfigurationKeys", "Required", "Missing"]),
            "BankProfileResponse": object(
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
                ]),
            "BankProfilesResponse": object(
                ["Data": .object(["type": "array", "items": ref("BankProfileResponse")])], required: ["Data"]),
            "HealthStatus": object(["Status": string, "Warnings": warnings, "Detail": nullableString], required: ["Status"]),
            "ProblemDetails": .object([
                "type": "object",
                "description": "RFC 9457 problem details; `field` names the request property at fault.",
                "properties": .object([
                    "type": string, "title": string, "status": .object(["type": "integer"]), "detail": string,
                    "field": string, "instance": string,
                ]),
                "required": ["title", "status", "detail"],
            ]),
        ]
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
}
