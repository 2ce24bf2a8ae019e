import Dispatch
import Foundation
import Logging
import OBCApp
import ServiceLifecycle

/// Runs the server until SIGINT or SIGTERM. The first signal stops accepting requests and
/// waits for those in flight (saying how many) for at most the grace period; a second signal
/// exits at once. Services in `after` (the trace exporter) start before the server and stop
/// after it, so the spans of the last requests are still sent.
struct ServeShutdown {
    let grace: Duration
    let inFlight: InFlightRequests
    let logger: Logger

    func run(_ service: some Service, after earlier: [any Service] = []) async throws {
        var configuration = ServiceGroupConfiguration(services: earlier + [service], logger: logger)
        configuration.maximumGracefulShutdownDuration = grace
        let group = ServiceGroup(configuration: configuration)
        let watcher = SignalWatcher(signals: [SIGINT, SIGTERM]) { signal, count in
            let name = signal == SIGINT ? "SIGINT" : "SIGTERM"
            guard count == 1 else {
                logger.warning("\(name) again: exiting now with \(inFlight.current) request(s) in flight.")
                exit(128 + signal)
            }
            if inFlight.current == 0 {
                logger.notice("\(name): stopping; no requests in flight.")
            } else {
                logger.notice(
                    "\(name): stopping; waiting for \(inFlight.current) request(s) in flight, for at most \(grace.secondsText) s. Send it again to exit at once."
                )
            }
            Task { await group.triggerGracefulShutdown() }
            DispatchQueue.global().asyncAfter(deadline: .now() + grace.timeInterval) {
                let left = inFlight.current
                if left > 0 { logger.warning("The \(grace.secondsText) s grace period is over with \(left) request(s) unfinished; cancelling them.") }
            }
            // Cancelled requests get a few seconds to unwind; after that the exit is forced.
            DispatchQueue.global().asyncAfter(deadline: .now() + grace.timeInterval + 5) {
                logger.warning("Requests did not stop within the grace period; exiting now.")
                exit(128 + signal)
            }
        }
        defer { watcher.cancel() }
        do {
            try await group.run()
        } catch  where watcher.signalled {
            // Cancelling requests at the end of the grace period can surface as an error; the stop was asked for.
            logger.debug("Stopped with: \(error)")
        }
    }
}

/// Dispatch sources for a set of signals, with the signals' default actions turned off while
/// it lives; `handler` gets the signal and how many signals have arrived so far.
final class SignalWatcher: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]
    private let queue = DispatchQueue(label: "obc.signals")
    private var count = 0

    init(signals: [Int32], handler: @escaping @Sendable (Int32, Int) -> Void) {
        var sources: [any DispatchSourceSignal] = []
        for number in signals {
            signal(number, SIG_IGN)
            sources.append(DispatchSource.makeSignalSource(signal: number, queue: queue))
        }
        self.sources = sources
        for (number, source) in zip(signals, sources) {
            source.setEventHandler { [unowned self] in
                self.count += 1
                handler(number, self.count)
            }
            source.resume()
        }
    }

    /// Whether any of the signals has arrived.
    var signalled: Bool { queue.sync { count > 0 } }

    func cancel() {
        for source in sources { source.cancel() }
    }
}

extension Duration {
    var timeInterval: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }

    /// Seconds as a short decimal: `10`, `2.5`.
    var secondsText: String {
        let value = timeInterval
        return value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
