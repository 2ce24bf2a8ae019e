import OBCPluginAPI

/// One served operation, described for the OpenAPI document. The router registers the
/// handlers; a test checks that this list and the router's routes are the same set.
struct APIOperation: Sendable {
    var method: String
    var path: String
    var tag: String
    var summary: String
    /// OBC's document names no operations, so a client generated from it names its methods
    /// from method and path: the management operations have none here either.
    var operationId: String? = nil
    var requestSchema: String? = nil
    var responseSchema: String? = nil
    var status: Int = 200
    var responseContentType = "application/json"
    /// Every error status the handler really answers, each as problem+json.
    var errorStatuses: [Int] = []
    /// Calls the bank: any status the bank answers may be passed through (OBC's behaviour).
    var callsBank = false
    /// Operations a created record's `Id` feeds, as OpenAPI links (for clients and schemathesis).
    var links: [String: APIOperationLink] = [:]
    /// Optional query parameters, by name, with their descriptions.
    var queryParameters: [String: String] = [:]
    /// Schemas of query parameters that are not plain strings, by name.
    var queryParameterSchemas: [String: JSONValue] = [:]

    /// `{name}` segments of the path.
    var pathParameters: [String] {
        path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) }
    }
}

/// A link from a created record to an operation on it.
struct APIOperationLink: Sendable {
    var method: String
    var path: String
    var parameter: String
}

extension APIOperation {
    /// The management operations, in OBC's contract order, with OBC's tags.
    static func management() -> [APIOperation] {
        var operations: [APIOperation] = []
        func resource(
            _ path: String, tag: String, noun: String, schema: String, idName: String, listAndUpdate: Bool = false, callsBank: Bool = false
        ) {
            let item = "\(path)/{\(idName)}"
            // The bank-registration header is a boolean: anything else is a 400.
            let itemErrors = callsBank ? [400, 404, 409, 502, 503, 504] : [404]
            var links: [String: APIOperationLink] = [
                "Get\(schema)": .init(method: "get", path: item, parameter: idName),
                "Delete\(schema)": .init(method: "delete", path: item, parameter: idName),
            ]
            if listAndUpdate { links["Update\(schema)"] = .init(method: "put", path: item, parameter: idName) }
            operations.append(
                .init(
                    method: "post", path: path, tag: tag, summary: "Add \(noun)", requestSchema: schema, responseSchema: "\(schema)Response",
                    status: 201, errorStatuses: callsBank ? [400, 409, 413, 415, 502, 503, 504] : [400, 413, 415], callsBank: callsBank,
                    links: links))
            if listAndUpdate {
                operations.append(.init(method: "get", path: path, tag: tag, summary: "Read \(noun)s", responseSchema: "\(schema)sResponse"))
            }
            operations.append(
                .init(
                    method: "get", path: item, tag: tag, summary: "Read \(noun)", responseSchema: "\(schema)Response", errorStatuses: itemErrors,
                    callsBank: callsBank))
            if listAndUpdate {
                operations.append(
                    .init(
                        method: "put", path: item, tag: tag, summary: "Update \(noun)", requestSchema: "\(schema)Update",
                        responseSchema: "\(schema)Response", errorStatuses: [400, 404, 409, 413, 415]))
            }
            operations.append(
                .init(
                    method: "delete", path: item, tag: tag, summary: "Delete \(noun)", responseSchema: "BaseResponse",
                    errorStatuses: callsBank ? itemErrors : [404, 409], callsBank: callsBank))
        }
        resource(
            "/manage/bank-registrations", tag: "Bank Registrations", noun: "bank registration", schema: "BankRegistration",
            idName: "bankRegistrationId", callsBank: true)
        let profiles = "/manage/bank-profiles"
        operations.append(
            .init(
                method: "get", path: profiles, tag: "Bank Profiles", summary: "Read bank profiles (an addition to OBC's API)",
                responseSchema: "BankProfilesResponse", errorStatuses: [400],
                queryParameters: ["group": "Only this bank group's profiles (for example Lloyds)."]))
        operations.append(
            .init(
                method: "get", path: "\(profiles)/{bankProfile}", tag: "Bank Profiles",
                summary: "Read a bank profile with its effective settings (an addition to OBC's API)", responseSchema: "BankProfileResponse",
                errorStatuses: [404]))
        operations.append(
            .init(
                method: "get", path: "/manage/interrupted-registrations", tag: "Bank Registrations",
                summary: "Read registrations interrupted by their process's death: the bank may hold a client from each (an addition to OBC's API)",
                responseSchema: "InterruptedRegistrationsResponse"))
        operations.append(
            .init(
                method: "delete", path: "/manage/interrupted-registrations/{interruptedRegistrationId}", tag: "Bank Registrations",
                summary:
                    "Remove an interrupted registration from the list, deleting its client at the bank where its client_id is known and the bank allows (an addition to OBC's API)",
                responseSchema: "InterruptedRegistrationResolutionResponse", errorStatuses: [400, 404, 502, 503, 504], callsBank: true))
        resource(
            "/manage/encryption-key-descriptions", tag: "Encryption Key Descriptions", noun: "encryption key description",
            schema: "EncryptionKeyDescription", idName: "encryptionKeyDescriptionId")
        resource(
            "/manage/obseal-certificates", tag: "OBSeal Signing Certificates", noun: "OBSeal certificate", schema: "ObSealCertificate",
            idName: "obSealCertificateId")
        resource(
            "/manage/obwac-certificates", tag: "OBWAC Transport Certificates", noun: "OBWAC certificate", schema: "ObWacCertificate",
            idName: "obWacCertificateId")
        resource(
            "/manage/software-statements", tag: "Software Statements", noun: "software statement", schema: "SoftwareStatement",
            idName: "softwareStatementId", listAndUpdate: true)
        return operations
    }

    /// Probes and documentation (not in OBC's contract, so named here).
    static func operational(servesSwaggerAssets: Bool) -> [APIOperation] {
        var operations: [APIOperation] = [
            .init(
                method: "get", path: "/health/live", tag: "Health", summary: "Liveness probe", operationId: "getHealthLive",
                responseSchema: "HealthStatus"),
            .init(
                method: "get", path: "/health/ready", tag: "Health", summary: "Readiness probe with start-up warnings",
                operationId: "getHealthReady", responseSchema: "HealthStatus"),
            .init(
                method: "get", path: "/swagger/index.html", tag: "Documentation", summary: "Interactive API documentation",
                operationId: "getSwaggerIndexHtml", responseContentType: "text/html"),
            .init(
                method: "get", path: "/swagger/v1/swagger.json", tag: "Documentation", summary: "This OpenAPI document",
                operationId: "getSwaggerV1SwaggerJson"),
            .init(
                method: "get", path: "/healthz", tag: "Health", summary: "Liveness probe (as /health/live)", operationId: "getHealthz",
                responseSchema: "HealthStatus"),
            .init(
                method: "get", path: "/metrics", tag: "Operations", summary: "Prometheus metrics", operationId: "getMetrics",
                responseContentType: "text/plain"),
            .init(
                method: "get", path: "/", tag: "Documentation", summary: "Redirects to /swagger/index.html", operationId: "getRoot",
                status: 302, responseContentType: "text/html"),
            .init(
                method: "get", path: "/swagger", tag: "Documentation", summary: "Redirects to /swagger/index.html", operationId: "getSwagger",
                status: 302, responseContentType: "text/html"),
        ]
        if servesSwaggerAssets {
            operations.append(
                .init(
                    method: "get", path: "/swagger/assets/{asset}", tag: "Documentation", summary: "Local Swagger UI asset",
                    operationId: "getSwaggerAssetsById", responseContentType: "application/octet-stream", errorStatuses: [404]))
        }
        return operations
    }
}
