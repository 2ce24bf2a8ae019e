import Foundation
import OBCCore
import OBCPluginAPI

extension ObWacCertificate: PostgresMappedRecord {
    var columnValues: [(String, PostgresValue)] {
        [("associated_key", .text(associatedKey.postgresJSON)), ("certificate", .text(certificate))]
    }
    init(row: PostgresRecordRow, metadata: RecordMetadata) throws {
        self.init(metadata: metadata, associatedKey: try row.secretDescription("associated_key"), certificate: try row.string("certificate"))
    }
}

extension ObSealCertificate: PostgresMappedRecord {
    var columnValues: [(String, PostgresValue)] {
        [
            ("associated_key_id", .text(associatedKeyId)), ("associated_key", .text(associatedKey.postgresJSON)),
            ("certificate", .text(certificate)),
        ]
    }
    init(row: PostgresRecordRow, metadata: RecordMetadata) throws {
        self.init(
            metadata: metadata, associatedKeyId: try row.string("associated_key_id"), associatedKey: try row.secretDescription("associated_key"),
            certificate: try row.string("certificate"))
    }
}

extension SoftwareStatement: PostgresMappedRecord {
    var columnValues: [(String, PostgresValue)] {
        [
            ("organisation_id", .text(organisationId)), ("software_id", .text(softwareId)), ("sandbox_environment", .bool(sandboxEnvironment)),
            ("default_ob_wac_certificate_id", .uuid(defaultObWacCertificateId)),
            ("default_ob_seal_certificate_id", .uuid(defaultObSealCertificateId)),
            ("default_query_redirect_url", .text(defaultQueryRedirectUrl)), ("default_fragment_redirect_url", .text(defaultFragmentRedirectUrl)),
            ("modified", .date(modified)),
        ]
    }
    init(row: PostgresRecordRow, metadata: RecordMetadata) throws {
        self.init(
            metadata: metadata, organisationId: try row.string("organisation_id"), softwareId: try row.string("software_id"),
            sandboxEnvironment: try row.bool("sandbox_environment"),
            defaultObWacCertificateId: try row.uuid("default_ob_wac_certificate_id"),
            defaultObSealCertificateId: try row.uuid("default_ob_seal_certificate_id"),
            defaultQueryRedirectUrl: try row.string("default_query_redirect_url"),
            defaultFragmentRedirectUrl: try row.string("default_fragment_redirect_url"), modified: try row.date("modified"))
    }
}

extension EncryptionKeyDescription: PostgresMappedRecord {
    var columnValues: [(String, PostgresValue)] { [("key", .text(key.postgresJSON))] }
    init(row: PostgresRecordRow, metadata: RecordMetadata) throws {
        self.init(metadata: metadata, key: try row.secretDescription("key"))
    }
}

extension BankRegistration: PostgresMappedRecord {
    var columnValues: [(String, PostgresValue)] {
        [
            ("bank_client_id", .uuid(bankClientId)), ("software_statement_id", .uuid(softwareStatementId)), ("bank_profile", .text(bankProfile)),
            ("bank_group", .text(bankGroup)), ("registration_scope", .text(registrationScope.name)),
            ("token_endpoint_auth_method", .text(tokenEndpointAuthMethod.rawValue)), ("use_simulated_bank", .bool(useSimulatedBank)),
            ("external_api_id", .text(externalApiId)), ("jwks_uri", .text(jwksUri)), ("registration_endpoint", .text(registrationEndpoint)),
            ("token_endpoint", .text(tokenEndpoint)), ("authorization_endpoint", .text(authorizationEndpoint)),
            ("default_fragment_redirect_uri", .text(defaultFragmentRedirectUri)),
            ("default_query_redirect_uri", .text(defaultQueryRedirectUri)), ("redirect_uris", .text(redirectUris.postgresJSON)),
        ]
    }
    init(row: PostgresRecordRow, metadata: RecordMetadata) throws {
        let client = try BankClient(postgres: row, idColumn: "bank_client_id")
        self.init(
            metadata: metadata, client: client, bankProfile: try row.string("bank_profile"),
            defaultFragmentRedirectUri: try row.string("default_fragment_redirect_uri"),
            defaultQueryRedirectUri: try row.string("default_query_redirect_uri"))
    }
}

extension BankClient {
    /// Reads the client columns shared by `bank_client` and `bank_registration`.
    init(postgres row: PostgresRecordRow, idColumn: String = "id") throws {
        let has = { (column: String) in row.row.contains(column) }
        let registrationGroup = try has("registration_group") ? row.string("registration_group") : ""
        let state = try has("state") ? State(rawValue: row.string("state")) ?? .active : .active
        let claimedBy = try has("claimed_by") ? row.uuid("claimed_by") : UUID()
        let claimedAt = try has("claimed_at") ? row.date("claimed_at") : Date(timeIntervalSince1970: 0)
        self.init(
            id: try row.uuid(idColumn),
            key: Key(
                softwareStatementId: try row.uuid("software_statement_id"), bankGroup: try row.string("bank_group"),
                registrationGroup: registrationGroup),
            state: state, claimedBy: claimedBy, claimedAt: claimedAt,
            created: try row.date("created"),
            bankProfile: try row.string("bank_profile"),
            externalApiId: try row.optionalString("external_api_id"),
            registrationScope: RegistrationScope(name: try row.string("registration_scope")) ?? [],
            tokenEndpointAuthMethod: TokenEndpointAuthMethod(rawValue: try row.string("token_endpoint_auth_method")) ?? .tlsClientAuth,
            useSimulatedBank: try row.bool("use_simulated_bank"),
            jwksUri: try row.string("jwks_uri"),
            registrationEndpoint: try row.optionalString("registration_endpoint"),
            tokenEndpoint: try row.string("token_endpoint"),
            authorizationEndpoint: try row.string("authorization_endpoint"),
            redirectUris: [String](postgresJSON: try row.string("redirect_uris")),
            statementRevision: try has("statement_revision") ? row.optionalString("statement_revision") : nil,
            updatedAt: try has("updated_at") ? row.optionalDate("updated_at") : nil
        )
    }
}
