import Foundation
import OBCCore

/// DCR attempts in flight, and those a dead owner left interrupted.
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
                interrupted.interruptedAt = date
                tables.attempts[attempt.id] = interrupted
                return interrupted
            }
        }
    }

    func listInterrupted() async throws -> [RegistrationAttempt] {
        try state.read { tables in tables.attempts.values.filter { $0.interruptedAt != nil }.sorted { $0.attemptedAt < $1.attemptedAt } }
    }
}
