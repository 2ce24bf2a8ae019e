import Foundation
import OBCCore

/// Shows progress as a redrawn bar on a terminal and as plain lines (at most one a second)
/// when output goes to a file or a pipe.
final class ProgressReporter: @unchecked Sendable {
    private let label: String
    private let isTerminal = isatty(STDOUT_FILENO) != 0
    private let lock = NSLock()
    private var lastLine = Date.distantPast

    init(label: String) { self.label = label }

    func report(_ progress: KeyRotationService.Progress) {
        lock.withLock {
            let fraction = progress.total > 0 ? min(1, Double(progress.done) / Double(progress.total)) : 1
            let seconds = Double(progress.elapsed.components.seconds) + Double(progress.elapsed.components.attoseconds) / 1e18
            let rate = seconds > 0 ? Double(progress.done) / seconds : 0
            let counts = "\(progress.done)/\(progress.total) objects, \(Int(rate)) objects/s"
            if isTerminal {
                let width = 30
                let filled = Int(fraction * Double(width))
                let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
                write("\r\(label) [\(bar)] \(Int(fraction * 100))% \(counts)")
            } else if Date().timeIntervalSince(lastLine) >= 1 || progress.done == progress.total {
                lastLine = Date()
                write("\(label): \(Int(fraction * 100))% \(counts)\n")
            }
        }
    }

    func finish() {
        if isTerminal { write("\n") }
    }

    /// Unbuffered, so progress shows at once and survives the process being killed.
    private func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
