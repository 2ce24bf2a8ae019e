import Foundation
import GRDB
import OBCCore

extension ObWacCertificate: SQLiteMappedRecord {
    static let table = "ob_wac_certificate"
    var columnValues: [(String, (any DatabaseValueConvertible)?)] {
        [("associated_key", associatedKey.databaseJSON), ("certificate", certificate)]
    }
    init(row: Row, metadata: RecordMetadata) throws {
        self.init(metadata: metadata, associatedKey: try row.secretDescription("associated_key"), certificate: row["certificate"])
    }
}

extension ObSealCertificate: SQLiteMappedRecord {
    static let table = "ob_seal_certificate"
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
    static let table = "software_statement"
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
    static let table = "encryption_key_description"
    var columnValues: [(String, (any DatabaseValueConvertible)?)] {
        [("key", key.databaseJSON)]
    }
    init(row: Row, metadata: RecordMetadata) throws {
        self.init(metadata: metadata, key: try row.secretDescription("key"))
    }
}
