import OBCCore
import OBCPluginAPI

/// Builds the OpenAPI 3 document of exactly what this build serves: the operations the
/// router registers and the secret sources, bank profiles and bank groups the registry knows.
enum OpenAPIDocument {
    static func make(
        operations: [APIOperation], secretSources: [SecretSource], bankProfiles: [String], bankGroups: [String], version: String
    ) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        for operation in operations {
            var item = paths[operation.path]?.objectValue ?? [:]
            item[operation.method] = describe(operation, bankProfiles: bankProfiles)
            paths[operation.path] = .object(item)
        }
        return .object([
            "openapi": "3.0.3",
            "info": .object([
                "title": "OpenBankingConnector Management API",
                "description":
                    "Management API compatible with Open Banking Connector (same paths, tags, PascalCase names and enum strings). Request bodies are read leniently, as OBC reads them: unknown properties are ignored. Every error is application/problem+json naming the field.",
                "version": .string(version),
            ]),
            "paths": .object(paths),
            "components": .object([
                "schemas": .object(OpenAPISchemas.all(secretSources: secretSources, bankProfiles: bankProfiles, bankGroups: bankGroups))
            ]),
        ])
    }

    static func describe(_ operation: APIOperation, bankProfiles: [String]) -> JSONValue {
        var object: [String: JSONValue] = ["tags": [.string(operation.tag)], "summary": .string(operation.summary)]
        if let operationId = operation.operationId { object["operationId"] = .string(operationId) }
        var parameters: [JSONValue] = operation.pathParameters.map { name in
            .object([
                "name": .string(name), "in": "path", "required": true,
                "schema": name.hasSuffix("Id") ? uuid : string,
            ])
        }
        for (name, description) in operation.queryParameters.sorted(by: { $0.key < $1.key }) {
            parameters.append(
                .object([
                    "name": .string(name), "in": "query", "required": false, "description": .string(description),
                    "schema": operation.queryParameterSchemas[name] ?? string,
                ]))
        }
        if operation.callsBank, ["get", "delete"].contains(operation.method) {
            parameters.append(
                .object([
                    "name": "x-obc-exclude-external-api-operation", "in": "header", "required": false,
                    "description":
                        "true: act on the local record only, without calling the bank's /register endpoint (true or false, any case; anything else is a 400).",
                    "schema": boolean,
                ]))
        }
        if !parameters.isEmpty { object["parameters"] = .array(parameters) }
        if let request = operation.requestSchema {
            var media: [String: JSONValue] = ["schema": ref(request)]
            if let example = OpenAPISchemas.example(for: request, bankProfiles: bankProfiles) { media["example"] = example }
            object["requestBody"] = .object(["required": true, "content": .object(["application/json": .object(media)])])
        }
        object["responses"] = .object(responses(operation))
        return .object(object)
    }

    static func responses(_ operation: APIOperation) -> [String: JSONValue] {
        var success: [String: JSONValue] = ["description": operation.status == 201 ? "Created" : "OK"]
        let fallback: JSONValue = operation.responseContentType == "application/json" ? .object(["type": "object"]) : string
        if operation.status == 302 {
            success["description"] = "Found"
            success["headers"] = .object(["Location": .object(["description": "Where the page is.", "schema": string])])
            return [String(operation.status): .object(success)]
        }
        success["content"] = .object([operation.responseContentType: .object(["schema": operation.responseSchema.map(ref) ?? fallback])])
        var headers: [String: JSONValue] = [:]
        if operation.status == 201 {
            headers["Location"] = .object(["description": "The new record's URL.", "schema": string])
        }
        if operation.responseSchema == "BankRegistrationResponse" {
            headers[ExternalApiResponse.extensionsHeader] = .object([
                "description":
                    "Members of the bank's DCR response that OBC's OBClientRegistration1Response does not allow (for example org_id, software_roles), as a JSON object with non-ASCII characters escaped; absent when there are none.",
                "schema": string,
            ])
        }
        if !headers.isEmpty { success["headers"] = .object(headers) }
        if !operation.links.isEmpty {
            success["links"] = .object(
                operation.links.mapValues { link in
                    .object([
                        "operationRef": .string("#/paths/\(pointerEscaped(link.path))/\(link.method)"),
                        "parameters": .object([link.parameter: "$response.body#/Id"]),
                    ])
                })
        }
        var responses: [String: JSONValue] = [String(operation.status): .object(success)]
        let problem: JSONValue = .object(["application/problem+json": .object(["schema": ref("ProblemDetails")])])
        for status in operation.errorStatuses {
            responses[String(status)] = .object(["description": .string(errorDescriptions[status] ?? "Error"), "content": problem])
        }
        if operation.path.hasPrefix("/manage/") {
            responses["500"] = .object([
                "description": "The server failed; the problem says no more, the log has the cause",
                "content": problem,
            ])
            responses["503"] = .object([
                "description": .string(errorDescriptions[503] ?? "Service unavailable"),
                "headers": .object([
                    "Retry-After": .object([
                        "description": "Seconds to wait before trying again (the database is unavailable, or the registration group is busy).",
                        "schema": .object(["type": "integer"]),
                    ])
                ]),
                "content": problem,
            ])
        }
        if operation.callsBank {
            responses["default"] = .object([
                "description":
                    "The bank answered its /register or token endpoint with this status: passed through as OBC does, with the bank's body in endpointResponse.",
                "content": problem,
            ])
        }
        if operation.path == "/health/ready" {
            responses["503"] = .object([
                "description": "Not ready", "content": .object(["application/json": .object(["schema": ref("HealthStatus")])]),
            ])
        }
        return responses
    }

    static let errorDescriptions: [Int: String] = [
        400: "Invalid request: the problem's field names the property at fault", 404: "No such record",
        409: "Conflicts with stored records or with the registration group's shared client", 413: "Request body too large",
        415: "Request body is not application/json", 502: "The bank or the OB Directory answered badly or could not be reached",
        503:
            "The database is unavailable for now, or another request is still registering the registration group (try again after Retry-After), or this deployment is misconfigured for the request (for example no current encryption key)",
        504: "The bank or the OB Directory did not answer in time",
    ]

    /// JSON Pointer escaping of a path for `operationRef`.
    static func pointerEscaped(_ path: String) -> String {
        path.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    static func ref(_ name: String) -> JSONValue { .object(["$ref": .string("#/components/schemas/\(name)")]) }

    static let string: JSONValue = .object(["type": "string"])
    static let uuid: JSONValue = .object(["type": "string", "format": "uuid"])
    static let boolean: JSONValue = .object(["type": "boolean"])
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
}
