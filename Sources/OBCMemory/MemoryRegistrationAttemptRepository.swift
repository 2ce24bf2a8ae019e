import Foundation
import OBCCore

/// DCR attempts in flight, and those left interrupted (a dead owner, a bank that never answered).
struct MemoryRegistrationAttemptRepository: RegistrationAttemptRepository {
    let state: MemoryState

    func record(_ attempt: RegistrationAttempt) async throws {
        try state.withTables { $0.attempts[attempt.id] = attempt }
    }

    func finish(id: UUID) async throws {
        try state.withTables { tables in
            if tables.attempts[id]?.interruptedAt == nil { tables.attempts[id] = nil }
        }
    }

    func interrupt(bankClientId: UUID, at date: Date) async throws -> [RegistrationAttempt] {
        try state.withTables { tables in
            let pending = tables.attempts.values.filter { $0.bankClientId == bankClientId && $0.interruptedAt == nil }
            return pending.sorted { $0.attemptedAt < $1.attemptedAt }.map { attempt in
                var interrupted = attempt
                (interrupted.interruptedAt, interrupted.cause) = (date, .ownerGone)
                tables.attempts[attempt.id] = interrupted
                return interrupted
            }
        }
    }

    func learn(id: UUID, externalApiId: String) async throws {
        try state.withTables { tables in
            if tables.attempts[id]?.interruptedAt == nil { tables.attempts[id]?.externalApiId = externalApiId }
        }
    }

    func interrupt(id: UUID, cause: RegistrationAttempt.Cause, at date: Date) async throws {
        try state.withTables { tables in
            guard tables.attempts[id]?.interruptedAt == nil else { return }
            tables.attempts[id]?.interruptedAt = date
            tables.attempts[id]?.cause = cause
        }
    }

    func resolve(id: UUID) async throws -> RegistrationAttempt? {
        try state.withTables { tables in
            guard let attempt = tables.attempts[id], attempt.interruptedAt != nil else { return nil }
            tables.attempts[id] = nil
            return attempt
        }
    }

    func listInterrupted() async throws -> [RegistrationAttempt] {
        try state.read { tables in tables.attempts.values.filter { $0.interruptedAt != nil }.sorted { $0.attemptedAt < $1.attemptedAt } }
    }
}
