import Foundation
import OBCTestSupport
import Testing

/// Issue 19 item 6: `--create` is offered only where a database may be made, and
/// `keys generate` suggests the next free key name.
@Suite("--create where it means something, and keys generate's name")
struct CreateOptionAndKeyNameTests {
    @Test(arguments: [
        (["serve"], false), (["keys", "set-current"], false), (["keys", "rotate"], false), (["keys", "verify"], false),
        (["keys", "add"], true), (["keys", "list"], true), (["db", "migrate"], true),
    ])
    func createAppearsOnlyOnCommandsThatMayCreate(command: [String], offered: Bool) async throws {
        let help = try await CLIProcess.run(command + ["--help"])
        #expect(help.status == 0, "\(help.output)")
        #expect(help.output.contains("--create") == offered, "\(help.output)")
    }

    @Test func generateSuggestsOnePastTheHighestKeyName() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("obc-gen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("obc.sqlite").path
        let fresh = try await CLIProcess.run(["keys", "generate", "--database", database])
        #expect(fresh.status == 0)
        #expect(fresh.output.contains("--name OpenBankingConnector:Keys:Encryption:Key1 "), "\(fresh.output)")
        #expect(!FileManager.default.fileExists(atPath: database), "generate creates no database")

        let configured = ["OpenBankingConnector__Keys__Encryption__Key2": "unused"]
        let key3 = Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        let added = try await CLIProcess.run(
            ["keys", "add", "--create", "--name", "OpenBankingConnector:Keys:Encryption:Key3", "--database", database],
            environment: configured.merging(["OpenBankingConnector__Keys__Encryption__Key3": key3]) { _, new in new })
        #expect(added.status == 0, "\(added.output)")
        let next = try await CLIProcess.run(["keys", "generate", "--database", database], environment: configured)
        #expect(next.output.contains("--name OpenBankingConnector:Keys:Encryption:Key4 "), "\(next.output)")
        #expect(next.output.contains("OpenBankingConnector__Keys__Encryption__Key4="), "\(next.output)")
        let onlyConfigured = try await CLIProcess.run(
            ["keys", "generate", "--database", directory.appendingPathComponent("none.sqlite").path], environment: configured)
        #expect(onlyConfigured.output.contains("Encryption:Key3 "), "\(onlyConfigured.output)")
    }
}
