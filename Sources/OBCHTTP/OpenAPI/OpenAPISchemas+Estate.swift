import OBCPluginAPI

extension OpenAPISchemas {
    /// The schemas of the list routes (`APIOperation.estate`): new schemas, so OBC's own
    /// response bodies stay exactly OBC's.
    static func estate(recordFields: [String: JSONValue]) -> [String: JSONValue] {
        let integer: JSONValue = .object(["type": "integer", "minimum": .number(0)])
        let identity = recordFields.filter { $0.key != "Warnings" }
        let expiry = response(
            [
                "Subject": string, "Issuer": string, "NotBefore": dateTime, "NotAfter": dateTime,
                "Sha256Fingerprint": .object(["type": "string", "pattern": "^[0-9a-f]{2}(:[0-9a-f]{2}){31}$"]),
                "ChainLength": .object(["type": "integer", "minimum": .number(1)]),
                "EarliestNotAfter": .object(["type": "string", "format": "date-time", "description": "The earliest NotAfter of the chain's members."]
                ),
                "EarliestNotAfterSubject": string,
            ],
            required: [
                "Subject", "Issuer", "NotBefore", "NotAfter", "Sha256Fingerprint", "ChainLength", "EarliestNotAfter", "EarliestNotAfterSubject",
            ])
        let certificate = response(
            merged(
                identity,
                [
                    "AssociatedKeyId": string, "AssociatedKey": ref("SecretDescription"), "Expiry": ref("CertificateExpiry"),
                    "SoftwareStatementIds": .object(["type": "array", "items": uuid]), "BankRegistrationCount": integer,
                ]),
            required: ["Id", "Created", "AssociatedKey", "SoftwareStatementIds", "BankRegistrationCount"])
        let keyDescription = response(
            merged(identity, ["Key": ref("SecretDescription"), "IsCurrent": boolean]), required: ["Id", "Created", "Key", "IsCurrent"])
        let registration = response(
            merged(
                identity,
                [
                    "SoftwareStatementId": uuid, "BankProfile": string, "BankGroup": string, "RegistrationScope": ref("RegistrationScopeEnum"),
                    "ExternalApiId": string, "UseSimulatedBank": boolean,
                    "BehindSoftwareStatement": .object([
                        "type": "boolean",
                        "description":
                            "The client was registered or last updated before its software statement's certificates or redirect URLs changed (renew it with POST /manage/software-statements/{id}/renewals).",
                    ]),
                    "ClientUpdated": .object([
                        "type": "string", "format": "date-time", "description": "When the client was last updated at the bank (PUT /register).",
                    ]),
                ]),
            required: [
                "Id", "Created", "SoftwareStatementId", "BankProfile", "BankGroup", "RegistrationScope", "ExternalApiId", "UseSimulatedBank",
                "BehindSoftwareStatement",
            ])
        func list(_ item: String) -> JSONValue {
            response(
                [
                    "Data": .object(["type": "array", "items": ref(item)]), "Warnings": warnings,
                    "Next": .object(["type": "string", "format": "uuid", "description": "Pass as `after` for the next page; absent on the last."]),
                ], required: ["Data"])
        }
        return [
            "CertificateExpiry": expiry, "CertificateListItem": certificate, "CertificateList": list("CertificateListItem"),
            "EncryptionKeyDescriptionListItem": keyDescription, "EncryptionKeyDescriptionList": list("EncryptionKeyDescriptionListItem"),
            "BankRegistrationListItem": registration, "BankRegistrationList": list("BankRegistrationListItem"),
            "BankRegistrationUpdate": .object([
                "type": "object", "additionalProperties": false,
                "description": "Empty: the update is rebuilt from the registration's software statement as it is now.",
            ]),
        ]
    }
}
