import Foundation
import OBCCore

/// A `RegistrationAttemptRepository` with a span around each operation.
struct TracedRegistrationAttemptRepository: RegistrationAttemptRepository {
    let wrapped: any RegistrationAttemptRepository
    let spans: StoreSpans

    func record(_ attempt: RegistrationAttempt) async throws {
        try await spans.run("record") { try await wrapped.record(attempt) }
    }

    func finish(id: UUID) async throws {
        try await spans.run("finish") { try await wrapped.finish(id: id) }
    }

    func interrupt(bankClientId: UUID, at date: Date) async throws -> [RegistrationAttempt] {
        try await spans.run("interrupt") { try await wrapped.interrupt(bankClientId: bankClientId, at: date) }
    }

    func listInterrupted() async throws -> [RegistrationAttempt] {
        try await spans.run("listInterrupted") { try await wrapped.listInterrupted() }
    }
}
