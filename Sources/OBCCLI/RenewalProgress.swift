import Foundation
import OBCCore

/// Progress of `obc registrations update`: on a terminal a redrawn bar naming the client just
/// finished; otherwise one plain line per client, so a log or a pipe shows each outcome at once
/// (and what was done before a kill).
final class RenewalProgress: @unchecked Sendable {
    private let isTerminal = isatty(STDOUT_FILENO) != 0
    private let lock = NSLock()
    private var drewBar = false

    func report(_ progress: RenewalService.Progress) {
        lock.withLock {
            if progress.total == 0 {
                write("renewing: no client is behind its software statement; nothing to update\n")
                return
            }
            let seconds = Double(progress.elapsed.components.seconds) + Double(progress.elapsed.components.attoseconds) / 1e18
            let line = ProgressLine(
                label: "renewing", done: progress.done, total: progress.total, rate: seconds > 0 ? Double(progress.done) / seconds : 0,
                unit: "clients")
            let outcome = progress.item.map { " \($0.bankProfile) \($0.externalApiId): \($0.status.rawValue)" } ?? ""
            if isTerminal {
                drewBar = true
                write("\r" + line.bar())
            } else {
                write("renewing: \(progress.done)/\(progress.total) clients\(outcome)\n")
            }
        }
    }

    func finish() {
        if drewBar { write("\n") }
    }

    /// Unbuffered, so progress shows at once and survives the process being killed.
    private func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
