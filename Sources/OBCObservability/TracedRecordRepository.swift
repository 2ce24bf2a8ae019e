import Foundation
import OBCCore

/// A `RecordRepository` with a span around each operation.
struct TracedRecordRepository<Record: StoredRecord>: RecordRepository {
    let wrapped: any RecordRepository<Record>
    let spans: StoreSpans

    init(_ wrapped: any RecordRepository<Record>, spans: StoreSpans) {
        self.wrapped = wrapped
        self.spans = spans
    }

    func insert(_ record: Record) async throws {
        try await spans.run("insert") { try await wrapped.insert(record) }
    }

    func find(id: UUID) async throws -> Record? {
        try await spans.run("find") { try await wrapped.find(id: id) }
    }

    func list() async throws -> [Record] {
        try await spans.run("list") { try await wrapped.list() }
    }

    func update(_ record: Record) async throws {
        try await spans.run("update") { try await wrapped.update(record) }
    }

    func softDelete(id: UUID, at date: Date, by deletedBy: String?) async throws {
        try await spans.run("softDelete") { try await wrapped.softDelete(id: id, at: date, by: deletedBy) }
    }
}
