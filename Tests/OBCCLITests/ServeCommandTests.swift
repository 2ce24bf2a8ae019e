import Foundation
import OBCTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite("obc serve as a real process")
struct ServeCommandTests {
    func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("obc-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func servesAndExitsCleanlyOnSignal(signal: Int32) async throws {
        let directory = try temporaryDirectory()
        let database = directory.appendingPathComponent("obc.sqlite").path
        let server = try CLIProcess(["serve", "--port", "0", "--database", database])
        let port = try await server.listeningPort()
        #expect(server.text.contains("127.0.0.1:\(port)"))
        let (status, body) = try await LiveHTTP.get("http://127.0.0.1:\(port)/health/ready")
        #expect(status == 200)
        #expect(body.contains("Ready"))
        server.signal(signal)
        #expect(try await server.waitForExit() == 0)
        #expect(FileManager.default.fileExists(atPath: database))
    }

    @Test func configFileEnvironmentAndFlagsLayerInThatOrder() async throws {
        let directory = try temporaryDirectory()
        let config = directory.appendingPathComponent("obc.yaml")
        let fromFile = directory.appendingPathComponent("file.sqlite").path
        let fromEnvironment = directory.appendingPathComponent("env.sqlite").path
        let fromFlag = directory.appendingPathComponent("flag.sqlite").path
        try """
        OpenBankingConnector:
          Database:
            Path: \(fromFile)
          Server:
            Port: 0
        """.write(to: config, atomically: true, encoding: .utf8)

        let fileOnly = try CLIProcess(["serve", "--config", config.path])
        _ = try await fileOnly.listeningPort()
        fileOnly.signal(SIGTERM)
        _ = try await fileOnly.waitForExit()
        #expect(FileManager.default.fileExists(atPath: fromFile))

        let environment = try CLIProcess(["serve"], environment: ["OBC_CONFIG": config.path, "OBC_DATABASE": fromEnvironment])
        _ = try await environment.listeningPort()
        environment.signal(SIGTERM)
        _ = try await environment.waitForExit()
        #expect(FileManager.default.fileExists(atPath: fromEnvironment))

        let flag = try CLIProcess(["serve", "--config", config.path, "--database", fromFlag], environment: ["OBC_DATABASE": fromEnvironment])
        _ = try await flag.listeningPort()
        flag.signal(SIGTERM)
        _ = try await flag.waitForExit()
        #expect(FileManager.default.fileExists(atPath: fromFlag))
    }

    @Test(arguments: [["--help"], ["serve", "--help"]])
    func helpIsAvailable(arguments: [String]) async throws {
        let (status, output) = try await CLIProcess.run(arguments)
        #expect(status == 0)
        #expect(output.contains("USAGE"))
        if arguments.first == "serve" {
            for option in ["--host", "--port", "--database", "--config"] { #expect(output.contains(option)) }
        }
    }

    /// Issue 9 item 13: a port in use names the address and exits 78, with no errno text.
    @Test func aPortInUseNamesTheAddressAndExits78() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try CLIProcess(["serve", "--port", "0", "--database", directory.appendingPathComponent("a.sqlite").path])
        let port = try await first.listeningPort()
        let second = try await CLIProcess.run(["serve", "--port", "\(port)", "--database", directory.appendingPathComponent("b.sqlite").path])
        first.signal(SIGTERM)
        #expect(try await first.waitForExit() == 0)
        #expect(second.status == 78, "\(second.output)")
        #expect(second.output.contains("Cannot listen on 127.0.0.1:\(port)"), "\(second.output)")
        #expect(second.output.contains("already in use"))
        #expect(!second.output.contains("errno") && !second.output.contains("bind("), "\(second.output)")
    }

    @Test func badSettingsExitNonZeroWithAMessage() async throws {
        let (status, output) = try await CLIProcess.run(["serve", "--database", "/nonexistent-\(UUID().uuidString)/obc.sqlite"])
        #expect(status != 0)
        #expect(output.contains("does not exist"))
    }
}
