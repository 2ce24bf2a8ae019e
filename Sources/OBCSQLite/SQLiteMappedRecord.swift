import Foundation
import GRDB
import OBCCore
import OBCPluginAPI

/// How one core record type maps to its table's columns. The table and the references are the
/// core's (`StoredRecord.table`, `RecordSchema`); the generic repository does the rest.
protocol SQLiteMappedRecord: StoredRecord {
    /// Every column except the shared metadata ones, with this record's values.
    var columnValues: [(String, (any DatabaseValueConvertible)?)] { get }
    init(row: Row, metadata: RecordMetadata) throws
}

extension UUID {
    var databaseText: String { lowercasedText }
}

extension Row {
    func uuid(_ column: String) throws -> UUID {
        guard let text: String = self[column], let id = UUID(text: text) else {
            throw OBCError(.internal, "Column \(column) does not hold a UUID.")
        }
        return id
    }

    func uuid(atIndex index: Int, column: String) throws -> UUID {
        guard let text: String = self[index], let id = UUID(text: text) else {
            throw OBCError(.internal, "Column \(column) does not hold a UUID.")
        }
        return id
    }

    func date(_ column: String) -> Date? {
        let seconds: Double? = self[column]
        return seconds.map(Date.init(timeIntervalSince1970:))
    }

    func secretDescription(_ column: String) throws -> SecretDescription {
        let text: String = self[column] ?? ""
        return try PascalCaseJSON.sharedDecoder.decode(SecretDescription.self, from: Data(text.utf8))
    }
}

extension RecordMetadata {
    static let columns = ["id", "reference", "created", "created_by", "is_deleted", "is_deleted_modified", "is_deleted_modified_by"]

    init(row: Row) throws {
        self.init(
            id: try row.uuid("id"),
            reference: row["reference"],
            created: row.date("created") ?? Date(timeIntervalSince1970: 0),
            createdBy: row["created_by"],
            isDeleted: row["is_deleted"],
            isDeletedModified: row.date("is_deleted_modified"),
            isDeletedModifiedBy: row["is_deleted_modified_by"]
        )
    }

    var columnValues: [(String, (any DatabaseValueConvertible)?)] {
        [
            ("id", id.databaseText), ("reference", reference), ("created", created.timeIntervalSince1970),
            ("created_by", createdBy), ("is_deleted", isDeleted),
            ("is_deleted_modified", isDeletedModified?.timeIntervalSince1970), ("is_deleted_modified_by", isDeletedModifiedBy),
        ]
    }
}

extension SecretDescription {
    /// Stored as OBC stores it: `{"Source":"…","Name":"…"}`.
    var databaseJSON: String {
        String(decoding: (try? PascalCaseJSON.sharedEncoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}

extension Array where Element == String {
    /// Stored as a JSON array, as OBC stores `redirect_uris`.
    var databaseJSON: String {
        String(decoding: (try? JSONEncoder().encode(self)) ?? Data("[]".utf8), as: UTF8.self)
    }

    init(databaseJSON text: String?) {
        self = (try? JSONDecoder().decode([String].self, from: Data((text ?? "[]").utf8))) ?? []
    }
}
