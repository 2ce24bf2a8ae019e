import AsyncHTTPClient
import Foundation
import OBCTestSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A moto server (the Python AWS mock) started by a test on a free loopback port, with
/// signature checking switched on after `initialNoAuthActionCount` setup calls. moto checks
/// SigV4 with botocore, so it is an independent oracle for our signer.
struct MotoServer {
    let process: Process
    let port: Int
    let logFile: URL

    var endpoint: String { "http://127.0.0.1:\(port)" }

    static func start(initialNoAuthActionCount: Int) async throws -> MotoServer {
        let port = try freePort()
        let logFile = FileManager.default.temporaryDirectory.appendingPathComponent("obc-moto-\(port)-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let log = try FileHandle(forWritingTo: logFile)
        try TestPeers.require()
        let process = TestPeers.pythonProcess(["-m", "moto.server", "-H", "127.0.0.1", "-p", "\(port)"])
        var environment = ProcessInfo.processInfo.environment
        environment["INITIAL_NO_AUTH_ACTION_COUNT"] = "\(initialNoAuthActionCount)"
        process.environment = environment
        process.standardOutput = log
        process.standardError = log
        try process.run()
        let server = MotoServer(process: process, port: port, logFile: logFile)
        do {
            try await server.waitUntilAnswering()
        } catch {
            await server.stop()
            throw error
        }
        return server
    }

    /// Polls until moto answers HTTP (any status) or 60 s pass.
    private func waitUntilAnswering() async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            guard process.isRunning else { throw MotoError.exited(log()) }
            var request = HTTPClientRequest(url: "\(endpoint)/moto-api/")
            request.method = .GET
            if let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(2)) {
                _ = try? await response.body.collect(upTo: 1 << 20)
                return
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw MotoError.didNotStart(log())
    }

    /// Runs a Python setup script with the endpoint as its first argument; returns its stdout.
    func runSetup(_ script: String) throws -> String {
        let result = try Self.runPython(["-c", script, endpoint])
        guard result.status == 0 else { throw MotoError.setupFailed(result.output) }
        return result.output
    }

    /// SIGTERM, then SIGKILL if moto is still up after 2 s: its threaded server can hang on
    /// shutdown while a keep-alive connection from our HTTP client is open. The wait polls
    /// instead of calling `waitUntilExit`, which spins on Linux when called off the thread
    /// that launched the process.
    func stop() async {
        if process.isRunning {
            process.terminate()
            let deadline = ContinuousClock.now + .seconds(2)
            while process.isRunning && ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(50))
            }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                while process.isRunning { try? await Task.sleep(for: .milliseconds(50)) }
            }
        }
        try? FileManager.default.removeItem(at: logFile)
    }

    func log() -> String {
        (try? String(contentsOf: logFile, encoding: .utf8)).map { String($0.suffix(4_000)) } ?? ""
    }

    static func runPython(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try PythonTool.run(arguments)
    }

    /// A loopback port the kernel chose (see ``ClosedPort``).
    static func freePort() throws -> Int {
        do { return try ClosedPort.make() } catch { throw MotoError.noPort }
    }

    enum MotoError: Error, CustomStringConvertible {
        case noPort
        case exited(String)
        case didNotStart(String)
        case setupFailed(String)

        var description: String {
            switch self {
            case .noPort: "could not find a free port for moto"
            case .exited(let log): "moto exited during start-up:\n\(log)"
            case .didNotStart(let log): "moto did not answer within 60 s:\n\(log)"
            case .setupFailed(let output): "the moto setup script failed:\n\(output)"
            }
        }
    }
}
