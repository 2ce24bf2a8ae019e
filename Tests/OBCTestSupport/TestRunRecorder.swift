import Foundation

/// When `OBC_TEST_RUN_DIR` is set (`.ci/run` sets it), every log line the tests capture, every
/// CLI process's output and every secret value the tests use are appended to files there, so
/// `Tests/scan-test-logs.py` can check, after the whole run, that no secret was ever logged.
public enum TestRunRecorder {
    static let directory = ProcessInfo.processInfo.environment["OBC_TEST_RUN_DIR"].map { URL(fileURLWithPath: $0) }
    static let files = Files()

    /// Records log output.
    public static func log(_ text: String) { files.append(text, to: "logs") }

    /// Records secret values (one per line; PEM bodies line by line, headers left out).
    public static func secrets(_ values: [String]) {
        let lines = values.flatMap { $0.split(separator: "\n").map(String.init) }.filter { !$0.hasPrefix("-----") && $0.count >= 16 }
        if !lines.isEmpty { files.append(lines.joined(separator: "\n"), to: "secrets") }
    }

    final class Files: @unchecked Sendable {
        private let lock = NSLock()
        private var handles: [String: FileHandle] = [:]

        func append(_ text: String, to kind: String) {
            guard let directory = TestRunRecorder.directory else { return }
            lock.withLock {
                if handles[kind] == nil {
                    let url = directory.appendingPathComponent("\(kind)-\(ProcessInfo.processInfo.processIdentifier).txt")
                    _ = FileManager.default.createFile(atPath: url.path, contents: nil)
                    handles[kind] = try? FileHandle(forWritingTo: url)
                }
                handles[kind]?.seekToEndOfFile()
                handles[kind]?.write(Data((text + "\n").utf8))
            }
        }
    }
}
