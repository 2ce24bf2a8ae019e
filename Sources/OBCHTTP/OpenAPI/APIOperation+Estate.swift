import OBCCore
import OBCPluginAPI

extension APIOperation {
    /// The list routes (additions to OBC's API): `EstateController`; the update of a
    /// registration at the bank (`BankRegistrationController`); bulk renewal (`RenewalController`).
    static func estate() -> [APIOperation] {
        let paging: [String: String] = [
            "limit": "Records per page, 1 to \(PageRequest.maximumLimit) (default \(PageRequest.defaultLimit)).",
            "after": "The previous page's Next: records are ordered by Id, and a page holds those after this one.",
        ]
        let schemas: [String: JSONValue] = [
            "limit": .object([
                "type": "integer", "minimum": .number(1), "maximum": .number(Double(PageRequest.maximumLimit)),
                "default": .number(Double(PageRequest.defaultLimit)),
            ]),
            "after": OpenAPIDocument.uuid, "softwareStatementId": OpenAPIDocument.uuid,
        ]
        func list(_ path: String, tag: String, noun: String, schema: String, filters: [String: String] = [:]) -> APIOperation {
            APIOperation(
                method: "get", path: path, tag: tag, summary: "List \(noun)s a page at a time (an addition to OBC's API)",
                responseSchema: schema, errorStatuses: [400], queryParameters: paging.merging(filters) { a, _ in a },
                queryParameterSchemas: schemas)
        }
        return [
            list("/manage/obwac-certificates", tag: "OBWAC Transport Certificates", noun: "OBWAC certificate", schema: "CertificateList"),
            list("/manage/obseal-certificates", tag: "OBSeal Signing Certificates", noun: "OBSeal certificate", schema: "CertificateList"),
            list(
                "/manage/encryption-key-descriptions", tag: "Encryption Key Descriptions", noun: "encryption key description",
                schema: "EncryptionKeyDescriptionList"),
            list(
                "/manage/bank-registrations", tag: "Bank Registrations", noun: "bank registration", schema: "BankRegistrationList",
                filters: [
                    "softwareStatementId": "Only this software statement's registrations.",
                    "bankProfile": "Only this bank profile's registrations (for example Obie_Model2023).",
                    "bankGroup": "Only this bank group's registrations (for example Lloyds).",
                ]),
            APIOperation(
                method: "put", path: "/manage/bank-registrations/{bankRegistrationId}", tag: "Bank Registrations",
                summary:
                    "Update the registration's client at the bank (PUT /register/{ClientId}) from its software statement as it is now; every registration sharing the client takes the result (an addition to OBC's API)",
                requestSchema: "BankRegistrationUpdate", responseSchema: "BankRegistrationResponse",
                errorStatuses: [400, 404, 409, 413, 415, 502, 503, 504], callsBank: true),
            APIOperation(
                method: "post", path: "/manage/software-statements/{softwareStatementId}/renewals", tag: "Software Statements",
                summary:
                    "Renew in bulk: update at its bank every client of the software statement that is behind it (one PUT /register/{ClientId} per client, going on past failures), or with DryRun say what would be sent where and what cannot be updated (an addition to OBC's API)",
                requestSchema: "SoftwareStatementRenewalRequest", responseSchema: "SoftwareStatementRenewal",
                errorStatuses: [400, 404, 413, 415, 503]),
        ]
    }
}
