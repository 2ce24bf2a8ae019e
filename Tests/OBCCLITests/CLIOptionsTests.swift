import Foundation
import OBCApp
import OBCTestSupport
import Testing

@testable import OBCCLI

/// Issue 9 item 15: the CLI's version, progress, option messages and help.
@Suite("CLI options and output")
struct CLIOptionsTests {
    @Test func versionPrintsTheOneVersionConstant() async throws {
        let result = try await CLIProcess.run(["--version"])
        #expect(result.status == 0)
        #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines) == OBCVersion.current)
    }

    @Test(arguments: [["--batch-size", "-5"], ["--batch-size", "0"], ["--batch-size=-5"]])
    func aBatchSizeBelowOneGetsAClearMessage(option: [String]) async throws {
        let result = try await CLIProcess.run(["keys", "rotate"] + option + ["--database", "/nonexistent/obc.sqlite"])
        #expect(result.status == 64, "\(result.output)")
        #expect(result.output.contains("--batch-size must be a whole number of at least 1"), "\(result.output)")
        #expect(!result.output.contains("Missing value"))
    }

    /// The help's column list is the header `keys list` prints, in order.
    @Test func keysListHelpNamesTheColumnsInPrintedOrder() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("obc-list-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let listed = try await CLIProcess.run(["keys", "list", "--create", "--database", directory.appendingPathComponent("obc.sqlite").path])
        #expect(listed.status == 0, "\(listed.output)")
        let header = try #require(listed.output.split(separator: "\n").first { $0.hasPrefix("ID") })
        let columns = header.split(separator: " ").map(String.init)
        #expect(columns.count == 5)
        let help = try await CLIProcess.run(["keys", "list", "--help"])
        let helpText = help.output.split(whereSeparator: \.isWhitespace).joined(separator: " ")  // undo line wrapping
        let positions = columns.map { helpText.range(of: $0 + " (")?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil }, "\(helpText)")
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
    }

    @Test func rotatingWithNothingToDoSaysSo() async throws {
        let fixture = try ManagementFixture()
        let test = try TestRuntime(environment: fixture.environment)
        defer { test.removeFiles() }
        let runtime = try test.makeRuntime()
        _ = try await runtime.services.encryptionKeyDescriptions.create(
            .init(key: .init(name: "OpenBankingConnector:Keys:Encryption:Key1"), setAsCurrent: true))
        let result = try await CLIProcess.run(["keys", "rotate", "--database", test.databasePath], environment: fixture.environment)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("rotating: nothing to rotate"))
        #expect(result.output.contains("Nothing to rotate"))
        #expect(!result.output.contains("0/0"))
    }

    /// The bar a terminal sees fits 80 columns at 1,000,000 objects and six-digit rates.
    @Test(arguments: [0, 1, 424_242, 999_999, 1_000_000])
    func theProgressBarFitsEightyColumns(done: Int) {
        for label in ["rotating", "verifying"] {
            let line = ProgressLine(label: label, done: done, total: 1_000_000, rate: 987_654.4)
            #expect(line.bar().count <= 80, "\(line.bar())")
            #expect(line.bar().contains("\(done)/1000000 objects, 987654/s"))
            #expect(line.plain().count <= 80)
        }
        #expect(ProgressLine(label: "rotating", done: 500_000, total: 1_000_000, rate: 1).bar().contains("50%"))
    }
}
