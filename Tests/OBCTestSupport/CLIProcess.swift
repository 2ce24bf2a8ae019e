import Foundation

/// The real `obc` executable run as a child process, for tests of the CLI front: exit codes,
/// output, signals (SIGINT, SIGTERM and SIGKILL).
public final class CLIProcess: @unchecked Sendable {
    public let process = Process()
    private let output = Pipe()
    private let lock = NSLock()
    private var buffer = Data()

    /// The `obc` binary next to the test bundle in the build folder.
    public static var executable: URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("obc")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/debug/obc")
    }

    public init(_ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = Self.executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = output
        process.standardError = output
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.withLock { self.buffer.append(data) }
            TestRunRecorder.log(String(decoding: data, as: UTF8.self))
        }
        try process.run()
    }

    /// Everything the process wrote to stdout and stderr so far.
    public var text: String { lock.withLock { String(decoding: buffer, as: UTF8.self) } }

    /// Runs to completion and returns the exit status and output.
    public static func run(_ arguments: [String], environment: [String: String] = [:], timeout: Double = 60) async throws -> (
        status: Int32, output: String
    ) {
        let process = try CLIProcess(arguments, environment: environment)
        let status = try await process.waitForExit(timeout: timeout)
        return (status, process.text)
    }

    /// Waits until the output contains `text`, failing after `timeout` seconds.
    public func waitForOutput(containing text: String, timeout: Double = 30) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !self.text.contains(text) {
            guard process.isRunning, Date() < deadline else {
                throw FixtureError(message: "obc did not print '\(text)'; it printed:\n\(self.text)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    public func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Runs `body` with the process started from `arguments`, then stops it (``stop(timeout:)``)
    /// whether `body` returned or threw; `body`'s own error is the one rethrown.
    @discardableResult
    public static func with<Result>(
        _ arguments: [String], environment: [String: String] = [:], _ body: (CLIProcess) async throws -> Result
    ) async throws -> Result {
        let process = try CLIProcess(arguments, environment: environment)
        return try await withAwaitedCleanup {
            try await body(process)
        } cleanup: {
            try await process.stop()
        }
    }

    /// `with` for `obc serve …`: `body` gets the process and its base URL once it listens.
    @discardableResult
    public static func serving<Result>(
        _ arguments: [String], environment: [String: String] = [:], _ body: (CLIProcess, String) async throws -> Result
    ) async throws -> Result {
        try await with(arguments, environment: environment) { process in
            try await body(process, "http://127.0.0.1:\(try await process.listeningPort())")
        }
    }

    /// One `obc serve …` per environment (instances side by side); `body` gets their base URLs
    /// once all listen, and every one is stopped and awaited afterwards, whatever happened.
    @discardableResult
    public static func serving<Result>(
        _ arguments: [String], environments: [[String: String]], _ body: ([String]) async throws -> Result
    ) async throws -> Result {
        var processes: [CLIProcess] = []
        return try await withAwaitedCleanup {
            for environment in environments { processes.append(try CLIProcess(arguments, environment: environment)) }
            var bases: [String] = []
            for process in processes { bases.append("http://127.0.0.1:\(try await process.listeningPort())") }
            return try await body(bases)
        } cleanup: {
            var failures: [String] = []
            for process in processes {
                do { try await process.stop() } catch { failures.append("\(error)") }
            }
            if !failures.isEmpty { throw FixtureError(message: failures.joined(separator: "\n")) }
        }
    }

    /// Sends SIGTERM (unless the process already exited) and waits for it to exit. A process
    /// still running after `timeout` seconds is killed and reported: a leak is a failure.
    public func stop(timeout: Double = 30) async throws {
        guard process.isRunning else { return }
        signal(SIGTERM)
        do {
            _ = try await waitForExit(timeout: timeout)
        } catch {
            signal(SIGKILL)
            throw FixtureError(message: "obc \(process.arguments?.first ?? "") did not exit \(timeout) s after SIGTERM; killed it.")
        }
    }

    public func waitForExit(timeout: Double = 30) async throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            guard Date() < deadline else {
                process.terminate()
                throw FixtureError(message: "obc did not exit within \(timeout) s; it printed:\n\(text)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        try await Task.sleep(for: .milliseconds(50))
        return process.terminationStatus
    }

    /// The port from Hummingbird's "listening on host:port" line.
    public func listeningPort() async throws -> Int {
        try await waitForOutput(containing: "listening on")
        let line = text.split(separator: "\n").first { $0.contains("listening on") } ?? ""
        guard let port = line.split(separator: ":").last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) else {
            throw FixtureError(message: "no port in: \(line)")
        }
        return port
    }
}
