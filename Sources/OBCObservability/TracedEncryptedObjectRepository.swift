import Foundation
import OBCCore
import OBCPluginAPI

/// An `EncryptedObjectRepository` with a span around each operation (one per batch or
/// re-seal transaction, not per object).
struct TracedEncryptedObjectRepository: EncryptedObjectRepository {
    let wrapped: any EncryptedObjectRepository
    let spans: StoreSpans

    func insert(_ object: EncryptedObject) async throws {
        try await spans.run("insert") { try await wrapped.insert(object) }
    }

    func insert(contentsOf objects: [EncryptedObject]) async throws {
        try await spans.run("insertMany") { try await wrapped.insert(contentsOf: objects) }
    }

    func find(owner: UUID, purpose: EncryptionPurpose) async throws -> EncryptedObject? {
        try await spans.run("find") { try await wrapped.find(owner: owner, purpose: purpose) }
    }

    func batch(after position: EncryptedObjectPosition?, notSealedWith key: UUID?, limit: Int) async throws -> EncryptedObjectBatch {
        try await spans.run("batch") { try await wrapped.batch(after: position, notSealedWith: key, limit: limit) }
    }

    func reseal(
        notSealedWith key: UUID, after position: EncryptedObjectPosition?, limit: Int,
        _ reseal: @escaping @Sendable (EncryptedObject, Int) -> Result<EncryptedObject, OBCError>
    ) async throws -> ResealOutcome {
        try await spans.run("reseal") { try await wrapped.reseal(notSealedWith: key, after: position, limit: limit, reseal) }
    }

    func countByKey() async throws -> [UUID: Int] {
        try await spans.run("countByKey") { try await wrapped.countByKey() }
    }
}
