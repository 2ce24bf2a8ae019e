import Foundation

/// The table map and referrer graph every store keeps, declared once: which table holds each
/// kind of record (`StoredRecord.table`) and which live rows keep a record from being deleted
/// (`StoredRecord.references`, plus encrypted objects' key descriptions). SQLite, PostgreSQL and
/// the in-memory store read these; only the columns' types are each store's own.
public enum RecordSchema {
    /// Every record type the generic repositories keep, in the order a copy inserts them.
    public static let recordTypes: [any StoredRecord.Type] = [
        ObWacCertificate.self, ObSealCertificate.self, SoftwareStatement.self, EncryptionKeyDescription.self, BankRegistration.self,
    ]

    public static let tables: [RecordKind: String] = Dictionary(uniqueKeysWithValues: recordTypes.map { ($0.kind, $0.table) })

    /// A table whose live rows keep a record from being deleted.
    public struct Referrer: Sendable {
        public var table: String
        public var column: String
        public var field: String
        public var target: RecordKind
        public var kind: RecordKind
    }

    /// Every reference in the schema, so a delete can find rows that still point at its target.
    public static let referrers: [Referrer] =
        recordTypes.flatMap { type in
            type.references.map { Referrer(table: type.table, column: $0.column, field: $0.field, target: $0.target, kind: type.kind) }
        } + [
            Referrer(
                table: "encrypted_object", column: "encryption_key_description_id", field: "EncryptionKeyDescriptionId",
                target: .encryptionKeyDescription, kind: .encryptedObject)
        ]

    /// The referrers of `kind`.
    public static func referrers(to kind: RecordKind) -> [Referrer] { referrers.filter { $0.target == kind } }
}
