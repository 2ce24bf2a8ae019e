/// One served operation, described for the OpenAPI document. The router registers the
/// handlers; a test checks that this list and the router's routes are the same set.
struct APIOperation: Sendable {
    var method: String
    var path: String
    var tag: String
    var summary: String
    var requestSchema: String? = nil
    var responseSchema: String? = nil
    var status: Int = 200
    var responseContentType = "application/json"
    /// Optional query parameters, by name, with their descriptions.
    var queryParameters: [String: String] = [:]

    /// `{name}` segments of the path.
    var pathParameters: [String] {
        path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) }
    }
}

extension APIOperation {
    /// The management operations, in OBC's contract order.
    static func management() -> [APIOperation] {
        var operations: [APIOperation] = []
        func resource(_ path: String, tag: String, noun: String, schema: String, idName: String, listAndUpdate: Bool = false) {
            operations.append(
                .init(
                    method: "post", path: path, tag: tag, summary: "Add \(noun)", requestSchema: schema, responseSchema: "\(schema)Response",
                    status: 201))
            if listAndUpdate {
                operations.append(.init(method: "get", path: path, tag: tag, summary: "Read \(noun)s", responseSchema: "\(schema)sResponse"))
            }
            let item = "\(path)/{\(idName)}"
            operations.append(.init(method: "get", path: item, tag: tag, summary: "Read \(noun)", responseSchema: "\(schema)Response"))
            if listAndUpdate {
                operations.append(
                    .init(
                        method: "put", path: item, tag: tag, summary: "Update \(noun)", requestSchema: "\(schema)Update",
                        responseSchema: "\(schema)Response"))
            }
            operations.append(.init(method: "delete", path: item, tag: tag, summary: "Delete \(noun)", responseSchema: "BaseResponse"))
        }
        resource(
            "/manage/bank-registrations", tag: "Bank Registrations", noun: "bank registration", schema: "BankRegistration",
            idName: "bankRegistrationId")
        let profiles = "/manage/bank-profiles"
        operations.append(
            .init(
                method: "get", path: profiles, tag: "Bank Profiles", summary: "Read bank profiles (an addition to OBC's API)",
                responseSchema: "BankProfilesResponse", queryParameters: ["group": "Only this bank group's profiles (for example Lloyds)."]))
        operations.append(
            .init(
                method: "get", path: "\(profiles)/{bankProfile}", tag: "Bank Profiles",
                summary: "Read a bank profile with its effective settings (an addition to OBC's API)", responseSchema: "BankProfileResponse"))
        resource(
            "/manage/encryption-key-descriptions", tag: "Encryption Key Descriptions", noun: "encryption key description",
            schema: "EncryptionKeyDescription", idName: "encryptionKeyDescriptionId")
        resource(
            "/manage/obseal-certificates", tag: "OBSeal Certificates", noun: "OBSeal certificate", schema: "ObSealCertificate",
            idName: "obSealCertificateId")
        resource(
            "/manage/obwac-certificates", tag: "OBWAC Certificates", noun: "OBWAC certificate", schema: "ObWacCertificate",
            idName: "obWacCertificateId")
        resource(
            "/manage/software-statements", tag: "Software Statements", noun: "software statement", schema: "SoftwareStatement",
            idName: "softwareStatementId", listAndUpdate: true)
        return operations
    }

    /// Probes and documentation.
    static func operational(servesSwaggerAssets: Bool) -> [APIOperation] {
        var operations: [APIOperation] = [
            .init(method: "get", path: "/health/live", tag: "Health", summary: "Liveness probe", responseSchema: "HealthStatus"),
            .init(
                method: "get", path: "/health/ready", tag: "Health", summary: "Readiness probe with start-up warnings", responseSchema: "HealthStatus"
            ),
            .init(
                method: "get", path: "/swagger/index.html", tag: "Documentation", summary: "Interactive API documentation",
                responseContentType: "text/html"),
            .init(method: "get", path: "/swagger/v1/swagger.json", tag: "Documentation", summary: "This OpenAPI document"),
        ]
        if servesSwaggerAssets {
            operations.append(
                .init(
                    method: "get", path: "/swagger/assets/{asset}", tag: "Documentation", summary: "Local Swagger UI asset",
                    responseContentType: "application/octet-stream"))
        }
        return operations
    }
}
