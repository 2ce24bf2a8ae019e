import Foundation
import OBCCore

/// Shows progress as a redrawn bar on a terminal and as plain lines (at most one a second)
/// when output goes to a file or a pipe. With nothing to do it says so once.
final class ProgressReporter: @unchecked Sendable {
    private let label: String
    private let verb: String
    private let isTerminal = isatty(STDOUT_FILENO) != 0
    private let lock = NSLock()
    private var lastLine = Date.distantPast
    private var drewBar = false
    private var saidNothing = false

    /// `label` starts each line ("rotating"); `verb` completes "nothing to …".
    init(label: String, verb: String) {
        self.label = label
        self.verb = verb
    }

    func report(_ progress: KeyRotationService.Progress) {
        lock.withLock {
            if progress.total == 0 && progress.done == 0 {
                if !saidNothing { write("\(label): nothing to \(verb)\n") }
                saidNothing = true
                return
            }
            let seconds = Double(progress.elapsed.components.seconds) + Double(progress.elapsed.components.attoseconds) / 1e18
            let line = ProgressLine(label: label, done: progress.done, total: progress.total, rate: seconds > 0 ? Double(progress.done) / seconds : 0)
            if isTerminal {
                drewBar = true
                write("\r" + line.bar())
            } else if Date().timeIntervalSince(lastLine) >= 1 || progress.done == progress.total {
                lastLine = Date()
                write(line.plain() + "\n")
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

/// One progress line, sized for an 80-column terminal: the bar shrinks to leave room for the
/// counts, so 1,000,000 objects at six-digit rates still fit.
struct ProgressLine {
    static let columns = 79
    var label: String
    var done: Int
    var total: Int
    var rate: Double
    var unit = "objects"

    var percent: Int { total > 0 ? min(100, done * 100 / total) : 100 }
    var counts: String { "\(percent)% \(done)/\(total) \(unit), \(Int(rate.rounded()))/s" }

    /// `rotating [#####.....] 42% 420000/1000000 objects, 123456/s`, padded to clear a longer line.
    func bar() -> String {
        let fixed = label.count + 4 + counts.count
        let width = max(5, min(30, Self.columns - fixed))
        let filled = width * percent / 100
        let text = "\(label) [\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(counts)"
        return text.count < Self.columns ? text + String(repeating: " ", count: Self.columns - text.count) : text
    }

    /// `rotating: 42% 420000/1000000 objects, 123456/s`
    func plain() -> String { "\(label): \(counts)" }
}
