import Foundation
import OBCCore

/// A `SettingsRepository` with a span around each operation.
struct TracedSettingsRepository: SettingsRepository {
    let wrapped: any SettingsRepository
    let spans: StoreSpans

    func currentEncryptionKeyId() async throws -> UUID? {
        try await spans.run("currentEncryptionKeyId") { try await wrapped.currentEncryptionKeyId() }
    }

    func setCurrentEncryptionKeyId(_ id: UUID) async throws {
        try await spans.run("setCurrentEncryptionKeyId") { try await wrapped.setCurrentEncryptionKeyId(id) }
    }
}
