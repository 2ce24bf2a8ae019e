import Foundation
import OBCApp
import OBCCore
import OBCPluginAPI
import OBCTestSupport
import Testing

/// Package.swift's lists are the only place a plugin is named: the PluginList build plugin turns
/// them into `pluginList` (OBCApp) and `testPluginList` (OBCTestSupport). Read from the
/// repository's own files, so a folder without its line, or a line without its entry type,
/// fails here.
@Suite("A plugin is one folder and one line in Package.swift")
struct PluginListTests {
    /// The repository root, three levels above this file.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    static func folders(in path: String) throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(path).path).filter { !$0.hasPrefix(".") })
    }

    /// The text of Package.swift's `let <name> = [ … ]` list.
    static func list(_ name: String, in package: String) throws -> Substring {
        let start = try #require(package.range(of: "let \(name) = [\n"), "Package.swift has no list \(name)")
        let end = try #require(package.range(of: "\n]\n", range: start.upperBound..<package.endIndex))
        return package[start.upperBound..<end.lowerBound]
    }

    /// Each string literal that opens a line or follows `call(` in `text`, in order.
    static func names(_ text: Substring, after call: String?) -> [String] {
        let pattern = call.map { #"\#($0)\(\s*"(\w+)""# } ?? #"(?m)^\s*"(\w+)","#
        let expression = try! NSRegularExpression(pattern: pattern)
        let string = String(text)
        return expression.matches(in: string, range: NSRange(string.startIndex..., in: string)).compactMap {
            Range($0.range(at: 1), in: string).map { String(string[$0]) }
        }
    }

    /// The entry type the build plugin registers for a plugin target and for a bank group.
    static func pluginEntry(_ target: String) -> String { "\(target).\(target)Plugin" }
    static func bankGroupEntry(_ group: String) -> String { "BankProfile\(group).\(group)BankGroup" }

    @Test func theShippedListIsEveryFolderInPackageOrder() throws {
        let package = try Self.read("Package.swift")
        let plugins = Self.names(try Self.list("plugins", in: package), after: "plugin")
        let groups = Self.names(try Self.list("bankGroups", in: package), after: nil)
        #expect(!plugins.isEmpty && !groups.isEmpty)
        #expect(Set(plugins) == (try Self.folders(in: "Plugins")), "every Plugins/ folder has its line, and every line its folder")
        #expect(Set(groups) == (try Self.folders(in: "BankProfiles")), "every BankProfiles/ folder has its line")
        let registered = pluginList.map { String(reflecting: $0) }
        #expect(registered == plugins.map(Self.pluginEntry) + groups.map(Self.bankGroupEntry))

        let registry = try PluginRegistrar.build(plugins: pluginList, configuration: ConfigurationValues(), logger: .init(label: "test"))
        #expect(Set(registry.bankGroups.keys) == Set(groups))
        #expect(!registry.keySources.isEmpty && !registry.dcrTranslators.isEmpty)
    }

    @Test func aTestPluginIsOneFolderAndOneLineToo() throws {
        let package = try Self.read("Package.swift")
        let list = try Self.list("testPlugins", in: package)
        let expected =
            Self.names(list, after: "bankGroup").map(Self.bankGroupEntry) + Self.names(list, after: "plugin").map(Self.pluginEntry)
        #expect(Set(testPluginList.map { String(reflecting: $0) }) == Set(expected))
        #expect(expected.contains(Self.pluginEntry("KeySourceExample")))

        // The key source's one line is its only mention outside its folder and this suite.
        #expect(package.components(separatedBy: "\"KeySourceExample\"").count == 2)
        for folder in ["Sources", "Plugins", "BankProfiles", "Tests"] {
            let base = Self.root.appendingPathComponent(folder)
            let paths = FileManager.default.enumerator(atPath: base.path)?.compactMap { $0 as? String } ?? []
            for path in paths where path.hasSuffix(".swift") && !path.hasPrefix("KeySourceExample/") && !path.hasSuffix("PluginListTests.swift") {
                #expect(!(try Self.read("\(folder)/\(path)")).contains("KeySourceExample"), "\(folder)/\(path) names the test plugin")
            }
        }
        let registry = try PluginRegistrar.build(
            plugins: pluginList + testPluginList, configuration: ConfigurationValues(), logger: .init(label: "test"))
        #expect(registry.keySources[SecretSource("TestVault")] != nil)
        #expect(registry.bankGroups["Example"] != nil)
    }
}
