import Foundation
import OBCCore
import Synchronization

/// Every table of an in-memory store, changed only inside `MemoryState.withTables`.
struct MemoryTables: Sendable {
    /// Records of each kind by id, soft-deleted ones included.
    var records: [RecordKind: [UUID: any StoredRecord]] = [:]
    var currentEncryptionKeyId: UUID?
    var clients: [UUID: MemoryClient] = [:]
    /// Encrypted objects in walking order (`position` is the index plus one, never reused).
    var objects: [EncryptedObject?] = []
    var objectPositions: [UUID: Int] = [:]
    /// Every nonce ever used, so a nonce stays used after its object moves on.
    var nonces: Set<Data> = []
    var heartbeats: [UUID: InstanceHeartbeat] = [:]
    var attempts: [UUID: RegistrationAttempt] = [:]

    func live<Record: StoredRecord>(_ type: Record.Type, id: UUID) -> Record? {
        guard let record = records[Record.kind]?[id] as? Record, !record.metadata.isDeleted else { return nil }
        return record
    }

    func isLive(_ kind: RecordKind, id: UUID) -> Bool {
        records[kind]?[id].map { !$0.metadata.isDeleted } ?? false
    }

    /// Live records of `kind`, oldest first (then by id, as the SQL stores order them).
    func liveRecords(_ kind: RecordKind) -> [any StoredRecord] {
        (records[kind] ?? [:]).values.filter { !$0.metadata.isDeleted }.sorted(by: Self.oldestFirst)
    }

    static func oldestFirst(_ a: any StoredRecord, _ b: any StoredRecord) -> Bool {
        (a.metadata.created, a.id.lowercasedText) < (b.metadata.created, b.id.lowercasedText)
    }
}

/// A shared OAuth2 client, when it was soft-deleted, and the instance holding its claim.
struct MemoryClient: Sendable {
    var client: BankClient
    var deleted: Date?
    var claimInstance: UUID?
    /// Who holds the right to update the active client at the bank, when renewed, from which instance.
    var update: (claimant: UUID, renewedAt: Date, instance: UUID)?
}

/// The tables behind one lock: each store operation is one critical section, so every check
/// and the write it guards agree, as a database transaction makes them agree.
final class MemoryState: Sendable {
    private let tables = Mutex(MemoryTables())

    func withTables<Result: Sendable>(_ body: (inout MemoryTables) throws -> Result) throws -> Result {
        try tables.withLock { tables in try body(&tables) }
    }

    func read<Result: Sendable>(_ body: (MemoryTables) throws -> Result) throws -> Result {
        try tables.withLock { tables in try body(tables) }
    }
}
