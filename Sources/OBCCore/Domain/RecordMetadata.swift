import Foundation

/// The bookkeeping OBC keeps on every record: identity, authorship and a soft-delete trail.
/// Deletes never remove rows, so history and encrypted objects that point at them survive.
public struct RecordMetadata: Sendable, Equatable {
    public var id: UUID
    public var reference: String?
    public var created: Date
    public var createdBy: String?
    public var isDeleted: Bool
    public var isDeletedModified: Date?
    public var isDeletedModifiedBy: String?

    public init(
        id: UUID = UUID(),
        reference: String? = nil,
        created: Date = Date(),
        createdBy: String? = nil,
        isDeleted: Bool = false,
        isDeletedModified: Date? = nil,
        isDeletedModifiedBy: String? = nil
    ) {
        self.id = id
        self.reference = reference
        self.created = created
        self.createdBy = createdBy
        self.isDeleted = isDeleted
        self.isDeletedModified = isDeletedModified
        self.isDeletedModifiedBy = isDeletedModifiedBy
    }
}

/// The kinds of record the store keeps, spelled as OBC names them in messages.
public enum RecordKind: String, Sendable, CaseIterable {
    case obWacCertificate = "ObWacCertificate"
    case obSealCertificate = "ObSealCertificate"
    case softwareStatement = "SoftwareStatement"
    case encryptionKeyDescription = "EncryptionKeyDescription"
    case encryptedObject = "EncryptedObject"
    case bankRegistration = "BankRegistration"
}

/// A foreign key the store must honour: the referencing record can only point at a live
/// target, and the target cannot be deleted while a live record points at it.
public struct RecordReference: Sendable {
    /// The request property that carries the id, for error messages.
    public var field: String
    /// The storage column holding the id.
    public var column: String
    public var target: RecordKind
    /// The id a record holds (nil for a record of another type), for stores without columns.
    public let id: @Sendable (any StoredRecord) -> UUID?

    public init<Record: StoredRecord>(field: String, column: String, target: RecordKind, id: @escaping @Sendable (Record) -> UUID) {
        self.field = field
        self.column = column
        self.target = target
        self.id = { ($0 as? Record).map(id) }
    }
}

/// A record the store can keep generically: it knows its kind, its table (the name OBC's
/// schema gives it, in every store) and the references it holds (see `RecordSchema`).
public protocol StoredRecord: Sendable {
    static var kind: RecordKind { get }
    static var table: String { get }
    static var references: [RecordReference] { get }
    var metadata: RecordMetadata { get set }
}

extension StoredRecord {
    public static var references: [RecordReference] { [] }
    public var id: UUID { metadata.id }
}
