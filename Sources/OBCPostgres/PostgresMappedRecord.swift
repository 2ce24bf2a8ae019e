import Foundation
import OBCCore

/// How one core record type maps to its PostgreSQL table; the generic repository does the rest.
protocol PostgresMappedRecord: StoredRecord {
    static var table: String { get }
    /// Every column except the shared metadata ones, with this record's values.
    var columnValues: [(String, PostgresValue)] { get }
    init(row: PostgresRecordRow, metadata: RecordMetadata) throws
}

enum PostgresSchema {
    static let tables: [RecordKind: String] = [
        .obWacCertificate: ObWacCertificate.table,
        .obSealCertificate: ObSealCertificate.table,
        .softwareStatement: SoftwareStatement.table,
        .encryptionKeyDescription: EncryptionKeyDescription.table,
        .bankRegistration: BankRegistration.table,
    ]

    /// A table whose live rows keep a record from being deleted.
    struct Referrer {
        var table: String
        var column: String
        var field: String
        var target: RecordKind
        var kind: RecordKind
    }

    static let referrers: [Referrer] =
        [ObWacCertificate.self, ObSealCertificate.self, SoftwareStatement.self, EncryptionKeyDescription.self, BankRegistration.self].flatMap {
            (type: any PostgresMappedRecord.Type) in
            type.references.map { Referrer(table: type.table, column: $0.column, field: $0.field, target: $0.target, kind: type.kind) }
        } + [
            Referrer(
                table: "encrypted_object", column: "encryption_key_description_id", field: "EncryptionKeyDescriptionId",
                target: .encryptionKeyDescription, kind: .encryptedObject)
        ]
}

extension RecordMetadata {
    init(postgres row: PostgresRecordRow) throws {
        self.init(
            id: try row.uuid("id"), reference: try row.optionalString("reference"), created: try row.date("created"),
            createdBy: try row.optionalString("created_by"), isDeleted: try row.bool("is_deleted"),
            isDeletedModified: try row.optionalDate("is_deleted_modified"), isDeletedModifiedBy: try row.optionalString("is_deleted_modified_by"))
    }

    var postgresColumns: [(String, PostgresValue)] {
        [
            ("id", .uuid(id)), ("reference", .text(reference)), ("created", .date(created)), ("created_by", .text(createdBy)),
            ("is_deleted", .bool(isDeleted)), ("is_deleted_modified", .date(isDeletedModified)),
            ("is_deleted_modified_by", .text(isDeletedModifiedBy)),
        ]
    }
}

extension SecretDescription {
    /// Stored as OBC stores it: `{"Source":"…","Name":"…"}`.
    var postgresJSON: String {
        String(decoding: (try? PascalCaseJSON.encoder().encode(self)) ?? Data(), as: UTF8.self)
    }
}

extension Array where Element == String {
    /// Stored as a JSON array, as OBC stores `redirect_uris`.
    var postgresJSON: String {
        String(decoding: (try? JSONEncoder().encode(self)) ?? Data("[]".utf8), as: UTF8.self)
    }

    init(postgresJSON text: String) {
        self = (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }
}
