import OBCCore
import OBCPluginAPI

extension OpenAPISchemas {
    /// The schemas of bulk renewal (`RenewalController`, an addition to OBC's API).
    static func renewal() -> [String: JSONValue] {
        let count: JSONValue = .object(["type": "integer", "minimum": .number(0)])
        let status: JSONValue = .object([
            "type": "string", "enum": .array(RenewalItem.Status.allCases.map { .string($0.rawValue) }),
            "description":
                "WouldUpdate (dry run: behind, would be sent), Updated, UpToDate (nothing to send), NotSupported (behind, but the bank cannot update it: Detail says what to do), Failed (Detail is the cause; nothing stored changed).",
        ])
        let item = response(
            [
                "ClientId": uuid, "ExternalApiId": string, "BankProfile": string, "BankGroup": string, "DcrVersion": string,
                "Request": .object(["type": "string", "description": "PUT and the client's URL at the bank."]),
                "ObWacCertificateId": uuid, "ObSealCertificateId": uuid, "RegistrationScope": ref("RegistrationScopeEnum"),
                "BankRegistrationIds": .object(["type": "array", "items": uuid]), "Status": status, "Detail": string,
            ],
            required: [
                "ClientId", "ExternalApiId", "BankProfile", "BankGroup", "ObWacCertificateId", "ObSealCertificateId", "RegistrationScope",
                "BankRegistrationIds", "Status",
            ])
        let report = response(
            [
                "SoftwareStatementId": uuid, "DryRun": boolean, "WouldUpdate": count, "Updated": count, "UpToDate": count,
                "NotSupported": count, "Failed": count, "Data": .object(["type": "array", "items": ref("SoftwareStatementRenewalItem")]),
            ],
            required: ["SoftwareStatementId", "DryRun", "WouldUpdate", "Updated", "UpToDate", "NotSupported", "Failed", "Data"])
        return [
            "SoftwareStatementRenewalRequest": request(
                [
                    "DryRun": .object([
                        "type": "boolean", "description": "Only say what would be sent to which bank, and what cannot be updated (default false).",
                    ])
                ], required: []),
            "SoftwareStatementRenewalItem": item, "SoftwareStatementRenewal": report,
        ]
    }
}
