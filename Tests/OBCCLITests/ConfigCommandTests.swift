import Foundation
import OBCApp
import OBCOTLP
import OBCTestSupport
import Testing

/// Issue 23 §4: the configuration reference is generated from the one list of known settings,
/// and the example file is one `obc serve` accepts as it is.
@Suite("obc config reference and example")
struct ConfigCommandTests {
    static let docsPath = TestEnvironment.packageRoot.appendingPathComponent("docs/configuration.md")

    @Test func docsConfigurationIsTheReferenceCommandsOutput() throws {
        let result = try CLIOutput.run(["config", "reference"])
        #expect(result.status == 0, "\(result.output)")
        let docs = try String(contentsOf: Self.docsPath, encoding: .utf8)
        #expect(docs == result.output, "docs/configuration.md is stale: run `obc config reference > docs/configuration.md`")
    }

    @Test func referenceGivesEveryKnownSettingsTypeDefaultAndEnvironmentForm() throws {
        let output = try CLIOutput.run(["config", "reference"]).output
        let rows = output.split(separator: "\n").filter { $0.hasPrefix("| `OpenBankingConnector:") }
        #expect(rows.count == KnownSettings.all.count)
        for setting in KnownSettings.all {
            let cell = "| `\(setting.name)\(setting.isFamily ? "…" : "")` |"
            let row = try #require(rows.first { $0.hasPrefix(cell) }, "no row for \(setting.name)")
            #expect(row.contains("`\(setting.environmentName)"), "\(row)")
            #expect(row.contains(setting.type) && row.contains(setting.defaultText), "\(row)")
        }
        #expect(rows.contains { $0.contains("`OBC_PORT`") && $0.contains("`--port`") })
        #expect(Set(OTLPTraceSettings.keys).isSubset(of: KnownSettings.names), "a trace setting is missing from KnownSettings")
    }

    @Test func serveAcceptsTheExampleUnchanged() async throws {
        let example = try CLIOutput.run(["config", "example"])
        #expect(example.status == 0, "\(example.output)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("obc-example-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("obc.yaml")
        try example.output.write(to: file, atomically: true, encoding: .utf8)
        let server = try CLIProcess(["serve", "--config", file.path, "--port", "0", "--database", folder.appendingPathComponent("obc.sqlite").path])
        _ = try await server.listeningPort()
        server.signal(SIGTERM)
        #expect(try await server.waitForExit() == 0, "\(server.text)")
        #expect(!server.text.contains("is ignored"), "the example holds a setting obc does not read:\n\(server.text)")
        for setting in KnownSettings.all where !setting.isFamily {
            let leaf = try #require(setting.name.split(separator: ":").last)
            #expect(example.output.contains("\(leaf):"), "the example lacks \(setting.name)")
        }
    }
}
