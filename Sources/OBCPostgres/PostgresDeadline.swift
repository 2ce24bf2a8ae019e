import Foundation
import PostgresNIO

/// Answers the caller within a deadline whatever PostgresNIO does. The work runs in a task of
/// its own, and the caller waits for whichever comes first: the work's result or the deadline.
/// A structured race is not enough: PostgresNIO 1.33 loses a query written to a connection the
/// server has just closed (the write's failure goes nowhere, so the query never completes, and
/// a task group would wait for it for ever). On expiry the work is cancelled and the connection
/// it holds is closed, which frees its pooled slot and any locks it held on the server; a task
/// stuck on such a lost query is left behind, holding nothing but its memory.
enum PostgresDeadline {
    /// Runs `body`; fails with `expired(leased)` when no connection was recorded on the ticket
    /// within `lease` (nil: no such check), or when the whole run takes longer than `limit`.
    static func run<Result: Sendable>(
        limit: Duration, lease: Duration? = nil, expired: @escaping @Sendable (_ leased: Bool) -> any Error,
        _ body: @escaping @Sendable (Ticket<Result>) async throws -> Result
    ) async throws -> Result {
        let ticket = Ticket<Result>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                ticket.start(continuation)
                let work = Task {
                    do {
                        ticket.finish(.success(try await body(ticket)), abandoning: false)
                    } catch {
                        ticket.finish(.failure(error), abandoning: false)
                    }
                }
                let timer = Task {
                    var waited = Duration.zero
                    if let lease, lease < limit {
                        guard (try? await Task.sleep(for: lease)) != nil else { return }
                        waited = lease
                        if !ticket.isLeased { return ticket.finish(.failure(expired(false)), abandoning: true) }
                    }
                    guard (try? await Task.sleep(for: limit - waited)) != nil else { return }
                    ticket.finish(.failure(expired(ticket.isLeased)), abandoning: true)
                }
                ticket.attach([work, timer])
            }
        } onCancel: {
            ticket.finish(.failure(CancellationError()), abandoning: true)
        }
    }

    /// The state one run shares between the caller, the work and the timer; it answers once.
    final class Ticket<Result: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var continuation: CheckedContinuation<Result, any Error>?
        private var outcome: Swift.Result<Result, any Error>?
        private var tasks: [Task<Void, Never>] = []
        private var connection: PostgresConnection?

        /// Records the connection the work holds (closed if the run is abandoned).
        func leased(_ connection: PostgresConnection) { lock.withLock { self.connection = connection } }

        var isLeased: Bool { lock.withLock { connection != nil } }

        func start(_ continuation: CheckedContinuation<Result, any Error>) {
            let ready = lock.withLock {
                if outcome == nil { self.continuation = continuation }
                return outcome
            }
            if let ready { continuation.resume(with: ready) }
        }

        func attach(_ tasks: [Task<Void, Never>]) {
            let done = lock.withLock {
                if outcome == nil { self.tasks = tasks }
                return outcome != nil
            }
            if done { tasks.forEach { $0.cancel() } }
        }

        /// Answers the caller unless it was answered already; `abandoning` (deadline or
        /// cancellation) also cancels the work and closes the connection it holds.
        func finish(_ result: Swift.Result<Result, any Error>, abandoning: Bool) {
            lock.lock()
            guard outcome == nil else { return lock.unlock() }
            outcome = result
            let (waiting, tasks, connection) = (continuation, self.tasks, abandoning ? self.connection : nil)
            (continuation, self.tasks) = (nil, [])
            lock.unlock()
            waiting?.resume(with: result)
            tasks.forEach { $0.cancel() }
            if let connection { Task { try? await connection.close() } }
        }
    }
}
