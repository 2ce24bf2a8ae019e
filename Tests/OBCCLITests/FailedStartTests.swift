import Foundation
import OBCTestSupport
import Testing

/// Issue 19 item 6: a start that fails leaves no new database, and the exit code follows the
/// rule (64 usage, 78 configuration).
@Suite("A failed obc serve creates no files")
struct FailedStartTests {
    func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("obc-fail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test(arguments: [
        (["--port", "99999"], [String: String](), Int32(64), "--port '99999'"),
        (["--port", "http"], [:], 64, "--port 'http'"),
        (["--log-level", "verbose"], [:], 64, "--log-level 'verbose'"),
        (["--log-format", "xml"], [:], 64, "--log-format 'xml'"),
        ([], ["OBC_PORT": "99999"], 78, "The port '99999'"),
        ([], ["OBC_LOG_LEVEL": "verbose"], 78, "'verbose' is not a log level"),
    ])
    func aWrongValueExitsWithItsCodeAndCreatesNothing(options: [String], environment: [String: String], code: Int32, text: String) async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("obc.sqlite").path
        let result = try await CLIProcess.run(["serve", "--database", database] + options, environment: environment)
        #expect(result.status == code, "\(result.output)")
        #expect(result.output.contains(text), "\(result.output)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty, "files left behind")
    }

    @Test func aPortClashRemovesTheDatabaseThisRunCreated() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let kept = directory.appendingPathComponent("a.sqlite").path
        try await CLIProcess.serving(["serve", "--port", "0", "--database", kept]) { first, base in
            let port = base.split(separator: ":").last.map(String.init) ?? ""
            let fresh = directory.appendingPathComponent("b.sqlite").path
            let clash = try await CLIProcess.run(["serve", "--port", port, "--database", fresh])
            #expect(clash.status == 78, "\(clash.output)")
            #expect(clash.output.contains("already in use"))
            let left = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            #expect(!left.contains { $0.hasPrefix("b.sqlite") }, "\(left)")
            // A database that existed before the failed start is kept.
            let again = try await CLIProcess.run(["serve", "--port", port, "--database", kept])
            #expect(again.status == 78)
            #expect(FileManager.default.fileExists(atPath: kept))
        }
    }
}
