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

    func learn(id: UUID, externalApiId: String) async throws {
        try await spans.run("learn") { try await wrapped.learn(id: id, externalApiId: externalApiId) }
    }

    func interrupt(id: UUID, cause: RegistrationAttempt.Cause, at date: Date) async throws {
        try await spans.run("interruptOne") { try await wrapped.interrupt(id: id, cause: cause, at: date) }
    }

    func resolve(id: UUID) async throws -> RegistrationAttempt? {
        try await spans.run("resolve") { try await wrapped.resolve(id: id) }
    }

    func listInterrupted() async throws -> [RegistrationAttempt] {
        try await spans.run("listInterrupted") { try await wrapped.listInterrupted() }
    }
}
