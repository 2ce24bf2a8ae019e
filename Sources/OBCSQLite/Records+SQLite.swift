import Foundation
import GRDB
import OBCCore
import OBCPluginAPI

extension ObWacCertificate: SQLiteMappedRecord {
    var columnValues: [(String, (any DatabaseValueConvertible)?)] {
        [("associated_key", associatedKey.databaseJSON), ("certificate", certificate)]
    }
    init(row: Row, metadata: RecordMetadata) throws {
        self.init(metadata: metadata, associatedKey: try row.secretDescription("associated_key"), certificate: row["certificate"])
    }
}

extension ObSealCertificate: SQLiteMappedRecord {
    var columnValues: [(String, (any DatabaseValueConvertible)?)] {
        [("associated_key_id", associatedKeyId), ("associated_key", associatedKey.databaseJSON), ("certificate", certificate)]
    }
    init(row: Row, metadata: RecordMetadata) throws {
        self.init(
            metadata: metadata,
            associatedKeyId: row["associated_key_id"],
            associatedKey: try row.secretDescription("associated_key"),
            certificate: row["certificate"]
        )
    }
}

extension SoftwareStatement: SQLiteMappedRecord {
    var columnValues: [(String, (any DatabaseValueConvertible)?)] {
        [
            ("organisation_id", organisationId), ("software_id", softwareId), ("sandbox_environment", sandboxEnvironment),
            ("default_ob_wac_certificate_id", defaultObWacCertificateId.databaseText),
            ("default_ob_seal_certificate_id", defaultObSealCertificateId.databaseText),
            ("default_query_redirect_url", defaultQueryRedirectUrl), ("default_fragment_redirect_url", defaultFragmentRedirectUrl),
            ("modified", modified.timeIntervalSince1970),
        ]
    }
    init(row: Row, metadata: RecordMetadata) throws {
        self.init(
            metadata: metadata,
            organisationId: row["organisation_id"],
            softwareId: row["software_id"],
            sandboxEnvironment: row["sandbox_environment"],
            defaultObWacCertificateId: try row.uuid("default_ob_wac_certificate_id"),
            defaultObSealCertificateId: try row.uuid("default_ob_seal_certificate_id"),
            defaultQueryRedirectUrl: row["default_query_redirect_url"],
            defaultFragmentRedirectUrl: row["default_fragment_redirect_url"],
            modified: row.date("modified") ?? metadata.created
        )
    }
}

extension EncryptionKeyDescription: SQLiteMappedRecord {
    var columnValues: [(String, (any DatabaseValueConvertible)?)] {
        [("key", key.databaseJSON)]
    }
    init(row: Row, metadata: RecordMetadata) throws {
        self.init(metadata: metadata, key: try row.secretDescription("key"))
    }
}

extension BankRegistration: SQLiteMappedRecord {
    var columnValues: [(String, (any DatabaseValueConvertible)?)] {
        [
            ("bank_client_id", bankClientId.databaseText), ("software_statement_id", softwareStatementId.databaseText),
            ("bank_profile", bankProfile), ("bank_group", bankGroup), ("registration_scope", registrationScope.name),
            ("token_endpoint_auth_method", tokenEndpointAuthMethod.rawValue), ("use_simulated_bank", useSimulatedBank),
            ("external_api_id", externalApiId), ("jwks_uri", jwksUri), ("registration_endpoint", registrationEndpoint),
            ("token_endpoint", tokenEndpoint), ("authorization_endpoint", authorizationEndpoint),
            ("default_fragment_redirect_uri", defaultFragmentRedirectUri), ("default_query_redirect_uri", defaultQueryRedirectUri),
            ("redirect_uris", redirectUris.databaseJSON), ("default_response_mode", defaultResponseMode?.rawValue),
            ("aisp_use_v4", useV4.aisp), ("pisp_use_v4", useV4.pisp), ("vrp_use_v4", useV4.vrp),
        ]
    }
    init(row: Row, metadata: RecordMetadata) throws {
        let client = try BankClient(row: row, idColumn: "bank_client_id")
        let mode: String? = row["default_response_mode"]
        self.init(
            metadata: metadata, client: client, bankProfile: row["bank_profile"],
            defaultFragmentRedirectUri: row["default_fragment_redirect_uri"], defaultQueryRedirectUri: row["default_query_redirect_uri"],
            defaultResponseMode: mode.flatMap(OAuth2ResponseMode.init(rawValue:)),
            useV4: UseV4Settings(aisp: row["aisp_use_v4"], pisp: row["pisp_use_v4"], vrp: row["vrp_use_v4"]))
    }
}

extension BankClient {
    /// Reads the client columns shared by `bank_client` and `bank_registration`.
    init(row: Row, idColumn: String = "id") throws {
        let method: String = row["token_endpoint_auth_method"]
        self.init(
            id: try row.uuid(idColumn),
            key: Key(
                softwareStatementId: try row.uuid("software_statement_id"), bankGroup: row["bank_group"],
                registrationGroup: row["registration_group"] ?? ""),
            state: State(rawValue: row["state"] ?? "active") ?? .active,
            claimedBy: (try? row.uuid("claimed_by")) ?? UUID(),
            claimedAt: row.date("claimed_at") ?? Date(timeIntervalSince1970: 0),
            created: row.date("created") ?? Date(timeIntervalSince1970: 0),
            bankProfile: row["bank_profile"],
            externalApiId: row["external_api_id"],
            registrationScope: RegistrationScope(name: row["registration_scope"] ?? "") ?? [],
            tokenEndpointAuthMethod: TokenEndpointAuthMethod(rawValue: method) ?? .tlsClientAuth,
            useSimulatedBank: row["use_simulated_bank"],
            jwksUri: row["jwks_uri"] ?? "",
            registrationEndpoint: row["registration_endpoint"],
            tokenEndpoint: row["token_endpoint"] ?? "",
            authorizationEndpoint: row["authorization_endpoint"] ?? "",
            redirectUris: [String](databaseJSON: row["redirect_uris"]),
            statementRevision: row.hasColumn("statement_revision") ? row["statement_revision"] : nil,
            updatedAt: row.hasColumn("updated_at") ? row.date("updated_at") : nil
        )
    }
}
