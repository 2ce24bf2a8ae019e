import Foundation
import OBCTestSupport
import Testing

/// Issue 9 item 11: where the database is, and who may create it.
@Suite("database paths through the real CLI")
struct DatabasePathTests {
    func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("obc-db-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test(arguments: [["keys", "list"], ["keys", "verify"], ["keys", "rotate"], ["keys", "set-current", UUID().uuidString]])
    func keysRefusesAMissingDatabaseAndCreatesNothing(command: [String]) async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let mistyped = directory.appendingPathComponent("obc.sqlit").path
        let result = try await CLIProcess.run(command + ["--database", mistyped])
        #expect(result.status == 78, "\(result.output)")
        #expect(result.output.contains(mistyped))
        #expect(result.output.contains("--create"))
        #expect(!FileManager.default.fileExists(atPath: mistyped))
    }

    @Test func createFlagMakesANewDatabase() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("new.sqlite").path
        let result = try await CLIProcess.run(["keys", "list", "--database", path, "--create"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("ID"))
        #expect(FileManager.default.fileExists(atPath: path))
    }

    /// `Database:Path: data/obc.sqlite` in `conf/obc.yaml` means `conf/data/obc.sqlite`, wherever obc runs from.
    @Test func relativePathInAConfigFileIsReadFromTheFilesFolder() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let configFolder = directory.appendingPathComponent("conf")
        try FileManager.default.createDirectory(at: configFolder.appendingPathComponent("data"), withIntermediateDirectories: true)
        let config = configFolder.appendingPathComponent("obc.yaml")
        try "OpenBankingConnector:\n  Database:\n    Path: data/obc.sqlite\n  Server:\n    Port: 0\n".write(
            to: config, atomically: true, encoding: .utf8)
        let server = try CLIProcess(["serve", "--config", config.path])
        _ = try await server.listeningPort()
        server.signal(SIGTERM)
        #expect(try await server.waitForExit() == 0)
        let expected = configFolder.appendingPathComponent("data/obc.sqlite").path
        #expect(FileManager.default.fileExists(atPath: expected), "\(server.text)")

        let listed = try await CLIProcess.run(["keys", "list", "--config", config.path])
        #expect(listed.status == 0, "\(listed.output)")
    }

    @Test func aConfigPathThatIsAFolderGetsAPlainMessage() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for command in [["serve", "--port", "0"], ["keys", "list"]] {
            let result = try await CLIProcess.run(
                command + ["--config", directory.path, "--database", directory.appendingPathComponent("x.sqlite").path])
            #expect(result.status == 78, "\(result.output)")
            #expect(result.output.contains("\(directory.path) is a folder"))
            #expect(!result.output.contains("NSCocoaErrorDomain"))
        }
    }

    @Test func aDatabasePathThatIsAFolderGetsAPlainMessage() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try await CLIProcess.run(["serve", "--port", "0", "--database", directory.path])
        #expect(result.status == 78, "\(result.output)")
        #expect(result.output.contains("\(directory.path) is a folder"))
    }
}
