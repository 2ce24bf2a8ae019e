import Foundation
import OBCPluginAPI
import Synchronization

/// Runs a blocking PKCS#11 call on a Dispatch thread, so no Swift concurrency thread waits on
/// a token, and answers `timeout` if it has not returned in time (the call itself cannot be
/// stopped: its session is then discarded). Nothing waits for ever on a hung token.
enum BlockingCall {
    /// Whichever of the call and the deadline finishes first resumes the waiter; the other does nothing.
    private final class Outcome<T: Sendable>: Sendable {
        let waiter = Mutex<CheckedContinuation<Result<T, Pkcs11Failure>, Never>?>(nil)

        func finish(_ result: Result<T, Pkcs11Failure>) {
            let continuation = waiter.withLock { waiting in
                let continuation = waiting
                waiting = nil
                return continuation
            }
            continuation?.resume(returning: result)
        }
    }

    static func run<T: Sendable>(timeout: Duration, what: String, _ work: @escaping @Sendable () throws(Pkcs11Failure) -> T) async -> Result<
        T, Pkcs11Failure
    > {
        let outcome = Outcome<T>()
        return await withCheckedContinuation { continuation in
            outcome.waiter.withLock { $0 = continuation }
            DispatchQueue.global().async {
                do throws(Pkcs11Failure) {
                    outcome.finish(.success(try work()))
                } catch {
                    outcome.finish(.failure(error))
                }
            }
            let (seconds, attoseconds) = timeout.components
            let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) {
                outcome.finish(.failure(Pkcs11Failure(.timeout, "\(what) did not answer within \(timeout)")))
            }
        }
    }
}
