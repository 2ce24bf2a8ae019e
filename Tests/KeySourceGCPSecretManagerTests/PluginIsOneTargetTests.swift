import Foundation
import HTTPTypes
import HummingbirdTesting
import KeySourceGCPSecretManager
import OBCApp
import OBCCore
import OBCTestSupport
import Testing

/// The Secret Manager source was added the way the house adds a key source: one folder under
/// `Plugins/`, one line in Package.swift's `plugins`, and nothing in the core or OBCApp.
@Suite("The Secret Manager source is one target and one line")
struct PluginIsOneTargetTests {
    /// The repository root, three levels above this file.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    static func swiftFiles(under folder: String) throws -> [String] {
        let base = root.appendingPathComponent(folder)
        let paths = FileManager.default.enumerator(atPath: base.path)?.compactMap { $0 as? String } ?? []
        return try paths.filter { $0.hasSuffix(".swift") }.map { try String(contentsOf: base.appendingPathComponent($0), encoding: .utf8) }
    }

    @Test func theListEntryIsWhatMakesTheSourceExist() async throws {
        let runtime = try TestRuntime()
        defer { runtime.removeFiles() }
        let registry = try runtime.makeRuntime().registry
        #expect(registry.keySources[.googleCloudSecretManagerV1] is GCPSecretManagerKeySource)
        let without = pluginList.filter { ObjectIdentifier($0) != ObjectIdentifier(KeySourceGCPSecretManagerPlugin.self) }
        #expect(without.count == pluginList.count - 1)
        #expect(try runtime.makeRuntime(plugins: without).registry.keySources[.googleCloudSecretManagerV1] == nil)
        let key: [String: any Sendable] = ["Key": ["Source": "GoogleCloudSecretManagerV1", "Name": "projects/p/secrets/s/versions/1"]]
        try await runtime.withServer(plugins: without) { client in
            let unknown = try await client.send(.post, "/manage/encryption-key-descriptions", json: key)
            #expect(unknown.status == .badRequest)
            #expect(unknown["field"] as? String == "Key.Source")
        }
    }

    @Test func oneFolderOneLineNothingElse() throws {
        // The target is one line of Package.swift's `plugins` list, declared with the `plugin(...)`
        // helper (which depends on the plugin API only), adding nothing but libraries.
        let package = try Self.read("Package.swift")
        let lists = try #require(package.components(separatedBy: "let package = Package(").first)
        #expect(lists.components(separatedBy: "\"KeySourceGCPSecretManager\"").count == 2, "named once, in its line")
        let app = try #require(package.range(of: "name: \"OBCApp\""))
        let appTarget = package[app.upperBound...].prefix { $0 != "]" }
        #expect(appTarget.contains("OBCHTTP") && !appTarget.contains("KeySourceGCPSecretManager"), "OBCApp depends on it through the list")
        let list = try #require(package.range(of: "let plugins = [\n"))
        let declaration = try #require(package.range(of: "plugin(\n        \"KeySourceGCPSecretManager\""))
        #expect(list.upperBound < declaration.lowerBound)
        let rest = package[declaration.upperBound...]
        let body = rest[..<(rest.range(of: "]),")?.upperBound ?? rest.endIndex)]
        let localTargets = ["OBCOutbound", "OBCApp", "OBCHTTP", "OBCSQLite", "OBCCLI", "OBCSimulator", "KeySourceAWSSSM", "KeySourceConfiguration"]
        for target in localTargets { #expect(!body.contains("\"\(target)\""), "the plugin target depends on \(target)") }
        // Its entry type, which the PluginList build plugin registers, is in the file named after it.
        let entry = try Self.read("Plugins/KeySourceGCPSecretManager/KeySourceGCPSecretManagerPlugin.swift")
        #expect(entry.contains("public enum KeySourceGCPSecretManagerPlugin: OBCPlugin"))

        let allowed: Set<String> = [
            "Foundation", "AsyncHTTPClient", "NIOCore", "NIOHTTP1", "NIOSSL", "Crypto", "_CryptoExtras", "Logging", "OBCPluginAPI", "OBCPluginHTTP",
        ]
        let pluginSources = try Self.swiftFiles(under: "Plugins/KeySourceGCPSecretManager")
        #expect(!pluginSources.isEmpty)
        for source in pluginSources {
            for line in source.split(separator: "\n") where line.hasPrefix("import ") {
                #expect(allowed.contains(String(line.dropFirst("import ".count))), "the plugin imports \(line)")
            }
        }
        // No host source names it, not even the composition root.
        for source in try Self.swiftFiles(under: "Sources") {
            #expect(!source.contains("KeySourceGCPSecretManager") && !source.contains("GCPSecretManager"))
        }
    }
}
