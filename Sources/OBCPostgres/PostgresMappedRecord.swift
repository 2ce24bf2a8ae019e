import Foundation
import OBCCore

/// How one core record type maps to its PostgreSQL table's columns. The table and the
/// references are the core's (`StoredRecord.table`, `RecordSchema`); the generic repository does the rest.
protocol PostgresMappedRecord: StoredRecord {
    /// Every column except the shared metadata ones, with this record's values.
    var columnValues: [(String, PostgresValue)] { get }
    init(row: PostgresRecordRow, metadata: RecordMetadata) throws
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
        String(decoding: (try? PascalCaseJSON.sharedEncoder.encode(self)) ?? Data(), as: UTF8.self)
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
