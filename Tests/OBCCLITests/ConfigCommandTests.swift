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

    /// The example's live lines must change nothing: read with them, every setting they set has
    /// the value it has with none. A default changed in code but not in KnownSettings fails here.
    @Test func theExamplesLiveLinesAreTheDefaults() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("obc-defaults-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let example = folder.appendingPathComponent("example.yaml")
        try CLIOutput.run(["config", "example"]).output.write(to: example, atomically: true, encoding: .utf8)
        let bare = folder.appendingPathComponent("bare.yaml")
        try "OpenBankingConnector: {}\n".write(to: bare, atomically: true, encoding: .utf8)
        let written = try AppSettings(configFile: example.path, environment: [:])
        let unset = try AppSettings(configFile: bare.path, environment: [:])

        let live = KnownSettings.all.filter { if case .written = $0.defaultValue { true } else { false } }.map(\.name)
        #expect(live.allSatisfy { written.values[$0] != nil && unset.values[$0] == nil }, "\(live)")
        let compared =
            [
                DatabaseSettings.providerKey, DatabaseSettings.ensureMigratedKey, AppSettings.hostKey, AppSettings.portKey,
                AppSettings.shutdownGraceKey, AppSettings.heartbeatKey, AppSettings.idleTimeoutKey, AppSettings.readTimeoutKey,
                AppSettings.logLevelKey, AppSettings.logFormatKey,
            ] + AppSettings.flagDefaults.keys
        #expect(Set(live) == Set(compared), "a live line of the example is not compared with its default below")
        let database = (try DatabaseSettings(values: written.values), try DatabaseSettings(values: unset.values))
        #expect(database.0.provider.name == database.1.provider.name && database.0.ensureMigrated == database.1.ensureMigrated)
        #expect(written.host == unset.host)
        #expect(try written.port() == unset.port())
        #expect(try written.shutdownGracePeriod() == unset.shutdownGracePeriod())
        #expect(try written.heartbeatInterval() == unset.heartbeatInterval())
        #expect(try written.serverLimits() == unset.serverLimits())
        #expect(try written.logLevel() == unset.logLevel() && written.logFormat() == unset.logFormat())
        for key in AppSettings.flagDefaults.keys { #expect(try written.flag(key) == unset.flag(key), "\(key)") }
    }
}
