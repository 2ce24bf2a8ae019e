import Foundation
import OBCCore
import OBCPluginAPI

/// One repository for every record type, checking references with the core's referrer graph
/// (`StoredRecord.references`, `RecordSchema.referrers`) inside the operation's critical section.
struct MemoryRecordRepository<Record: StoredRecord>: RecordRepository {
    let state: MemoryState

    func insert(_ record: Record) async throws {
        try state.withTables { tables in
            try Self.checkReferences(of: record, in: tables)
            tables.records[Record.kind, default: [:]][record.id] = record
        }
    }

    func find(id: UUID) async throws -> Record? {
        try state.read { $0.live(Record.self, id: id) }
    }

    func list() async throws -> [Record] {
        try state.read { $0.liveRecords(Record.kind).compactMap { $0 as? Record } }
    }

    func update(_ record: Record) async throws {
        try state.withTables { tables in
            try Self.checkReferences(of: record, in: tables)
            guard let stored = tables.live(Record.self, id: record.id) else { throw OBCError.notFound(Record.kind, id: record.id) }
            var updated = record
            updated.metadata = stored.metadata
            tables.records[Record.kind, default: [:]][record.id] = updated
        }
    }

    func softDelete(id: UUID, at date: Date, by deletedBy: String?) async throws {
        try state.withTables { tables in
            guard var record = tables.live(Record.self, id: id) else { throw OBCError.notFound(Record.kind, id: id) }
            try Self.requireNoLiveReferrers(to: id, in: tables)
            record.metadata.isDeleted = true
            record.metadata.isDeletedModified = date
            record.metadata.isDeletedModifiedBy = deletedBy
            tables.records[Record.kind, default: [:]][id] = record
        }
    }

    static func checkReferences(of record: Record, in tables: MemoryTables) throws {
        for reference in Record.references {
            guard let target = reference.id(record), !tables.isLive(reference.target, id: target) else { continue }
            throw OBCError.invalid(reference.field, "no \(reference.target.rawValue) record with ID \(target.lowercasedText) exists.")
        }
        if let registration = record as? BankRegistration, tables.clients[registration.bankClientId].map({ $0.deleted != nil }) ?? true {
            // The shared client may have been retired by a concurrent DELETE of its last user.
            throw OBCError.conflict(
                "The bank client \(registration.bankClientId.lowercasedText) was removed by a concurrent delete of its last registration; send the request again to register afresh."
            )
        }
    }

    static func requireNoLiveReferrers(to id: UUID, in tables: MemoryTables) throws {
        for referrer in RecordSchema.referrers(to: Record.kind) {
            let users = Self.liveUsers(of: id, through: referrer, in: tables)
            guard !users.isEmpty else { continue }
            let examples = users.prefix(5).map(\.lowercasedText).joined(separator: ", ")
            let more = users.count > 5 ? ", …" : ""
            throw OBCError.conflict(
                "\(Record.kind.rawValue) \(id.lowercasedText) is still used by \(users.count) live \(referrer.kind.rawValue) record(s) (\(examples)\(more)) through \(referrer.field); delete, update or re-encrypt them first."
            )
        }
    }

    /// The ids of live records that point at `id` through `referrer`, oldest first.
    static func liveUsers(of id: UUID, through referrer: RecordSchema.Referrer, in tables: MemoryTables) -> [UUID] {
        if referrer.kind == .encryptedObject {
            return tables.objects.compactMap { $0 }.filter { $0.keyDescriptionId == id }.map(\.id)
        }
        guard let type = RecordSchema.recordTypes.first(where: { $0.kind == referrer.kind }),
            let reference = type.references.first(where: { $0.column == referrer.column })
        else { return [] }
        return tables.liveRecords(referrer.kind).filter { reference.id($0) == id }.map(\.id)
    }
}

/// The singleton settings.
struct MemorySettingsRepository: SettingsRepository {
    let state: MemoryState

    func currentEncryptionKeyId() async throws -> UUID? {
        try state.read { $0.currentEncryptionKeyId }
    }

    func setCurrentEncryptionKeyId(_ id: UUID) async throws {
        try state.withTables { tables in
            guard tables.isLive(.encryptionKeyDescription, id: id) else { throw OBCError.notFound(.encryptionKeyDescription, id: id) }
            tables.currentEncryptionKeyId = id
        }
    }
}
