import Foundation
import Testing

/// Plugins and bank groups see the plugin API only: their targets depend on `OBCPluginAPI`
/// (never on OBCCore, a front or another plugin) and their sources import nothing else of ours.
/// Read from the repository's own files, so the rule fails the moment someone breaks it.
@Suite("Plugins depend on the plugin API only")
struct PluginDependencyTests {
    /// The repository root, three levels above this file.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Modules a plugin may import: the plugin API, the standard library's neighbours and the
    /// third-party libraries plugins use.
    static let allowedImports: Set<String> = [
        "OBCPluginAPI", "OBCPluginHTTP", "Foundation", "Synchronization", "Logging", "Yams", "AsyncHTTPClient", "NIOCore", "NIOHTTP1", "NIOSSL",
        "Crypto", "_CryptoExtras",
    ]

    /// Every target of ours that is not a plugin, read from Package.swift: each `.target(name:)`
    /// or `.executableTarget(name:)` literal and each `store("…")` line, but the plugin API
    /// (`OBCPluginAPI` and its HTTP part `OBCPluginHTTP`).
    /// Plugins and bank groups are made by helpers, so they are not among them; a plugin target
    /// naming one breaks the rule.
    static let hostTargets: [String] = {
        let package = (try? read("Package.swift")) ?? ""
        let pattern = #"(?:\.(?:target|executableTarget)\(\s*name:\s*|\bstore\(\s*)"(\w+)""#
        let expression = try! NSRegularExpression(pattern: pattern)
        return expression.matches(in: package, range: NSRange(package.startIndex..., in: package)).compactMap {
            Range($0.range(at: 1), in: package).map { String(package[$0]) }
        }.filter { !pluginAPITargets.contains($0) }
    }()

    static let pluginAPITargets: Set<String> = ["OBCPluginAPI", "OBCPluginHTTP"]

    static func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// The text from `start` to its matching closing bracket (`(`/`)` or `{`/`}`).
    static func balanced(_ text: String, from start: String.Index) -> Substring {
        let open = text[start]
        let close: Character = open == "(" ? ")" : "}"
        var depth = 0
        var index = start
        while index < text.endIndex {
            if text[index] == open { depth += 1 }
            if text[index] == close {
                depth -= 1
                if depth == 0 { return text[start...index] }
            }
            index = text.index(after: index)
        }
        return text[start...]
    }

    /// Every occurrence of `marker` followed by its bracketed body.
    static func bodies(of marker: String, in text: String) -> [Substring] {
        var result: [Substring] = []
        var searchFrom = text.startIndex
        while let found = text.range(of: marker, range: searchFrom..<text.endIndex) {
            let bracket = text.index(before: found.upperBound)
            result.append(balanced(text, from: bracket))
            searchFrom = found.upperBound
        }
        return result
    }

    /// The `{…}` body of every `func name(` in `text`.
    static func functionBodies(named name: String, in text: String) -> [Substring] {
        var result: [Substring] = []
        var searchFrom = text.startIndex
        while let found = text.range(of: "func \(name)(", range: searchFrom..<text.endIndex),
            let brace = text[found.upperBound...].firstIndex(of: "{")
        {
            result.append(balanced(text, from: brace))
            searchFrom = found.upperBound
        }
        return result
    }

    static func mentionsHost(_ body: Substring) -> String? {
        if body.range(of: #"\bcore\b"#, options: .regularExpression) != nil { return "core" }
        return hostTargets.first { body.contains("\"\($0)\"") }
    }

    /// The host list follows the manifest: targets a hand-kept list forgot are in it, plugins are not.
    @Test func hostTargetsAreEveryNonPluginTargetOfTheManifest() throws {
        for target in ["OBCCore", "OBCApp", "OBCHTTP", "OBCCLI", "OBCSQLite", "OBCPostgres", "OBCOTLP", "OBCTestSupport", "StoreExample", "obc"] {
            #expect(Self.hostTargets.contains(target), "\(target) is missing from \(Self.hostTargets)")
        }
        for plugin in ["OBCPluginAPI", "OBCPluginHTTP", "KeySourceConfiguration", "DCRV3p2", "BankProfileExample", "BankProfileMonzo", "PluginList"] {
            #expect(!Self.hostTargets.contains(plugin), "\(plugin) is not a host target")
        }
    }

    @Test func pluginAndBankGroupHelpersDependOnThePluginAPIOnly() throws {
        let package = try Self.read("Package.swift")
        #expect(package.contains(#"let pluginAPI: Target.Dependency = "OBCPluginAPI""#))
        let helpers = Self.functionBodies(named: "plugin", in: package) + Self.functionBodies(named: "bankGroup", in: package)
        #expect(helpers.count >= 2, "Package.swift's plugin() and bankGroup() helpers were not found")
        #expect(helpers.filter { $0.contains(".target(") }.count >= 2)
        for helper in helpers {
            if helper.contains(".target(") { #expect(helper.contains("[pluginAPI]"), "a helper does not depend on the plugin API: \(helper)") }
            #expect(Self.mentionsHost(helper) == nil, "a plugin helper depends on \(Self.mentionsHost(helper) ?? ""): \(helper)")
        }
        // Each `plugin(...)` and `bankGroup(...)` use (in the `plugins`, `bankGroups` and
        // `testPlugins` lists) may add libraries, never a target of ours.
        let uses = (Self.bodies(of: " plugin(", in: package) + Self.bodies(of: " bankGroup(", in: package))
            .filter { !$0.hasPrefix("(_ name") }
        #expect(uses.count >= 2)
        for use in uses {
            #expect(Self.mentionsHost(use) == nil, "\(use) depends on \(Self.mentionsHost(use) ?? "")")
        }
    }

    /// Package.swift's stores (`store("…")` in `stores` and `testStores`).
    static func storeTargets(in package: String) -> [String] {
        let expression = try! NSRegularExpression(pattern: #"\bstore\(\s*"(\w+)""#)
        return expression.matches(in: package, range: NSRange(package.startIndex..., in: package)).compactMap {
            Range($0.range(at: 1), in: package).map { String(package[$0]) }
        }
    }

    /// Only the provider list names a store: OBCApp reaches every store through the core's
    /// `StoreProvider` and `Store` ports (its dependency on them comes from Package.swift's list).
    @Test func noAppSourceImportsAStore() throws {
        let stores = Self.storeTargets(in: try Self.read("Package.swift"))
        #expect(stores.contains("OBCSQLite") && stores.contains("OBCPostgres"), "\(stores)")
        let base = Self.root.appendingPathComponent("Sources/OBCApp")
        let paths = FileManager.default.enumerator(atPath: base.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        #expect(!paths.isEmpty)
        for path in paths {
            let source = try String(contentsOf: base.appendingPathComponent(path), encoding: .utf8)
            let imports = source.split(separator: "\n").filter { $0.contains("import ") && !$0.hasPrefix("//") }
            for line in imports {
                let module = line.split(separator: " ").last.map(String.init) ?? ""
                #expect(!stores.contains(module), "Sources/OBCApp/\(path) imports the store \(module)")
            }
        }
    }

    /// The folders of Package.swift's test-only plugins (`path: "Tests/…"` in `testPlugins`).
    static func testPluginFolders(in package: String) throws -> [String] {
        let start = try #require(package.range(of: "let testPlugins = [\n"))
        let end = try #require(package.range(of: "\n]\n", range: start.upperBound..<package.endIndex))
        let list = package[start.upperBound..<end.lowerBound]
        return list.components(separatedBy: "path: \"").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) }
    }

    /// C modules a plugin keeps inside its own folder (a `module.modulemap` under `Plugins/<Name>/`),
    /// which only that plugin may import.
    static func pluginCModules() -> [String: String] {
        let base = root.appendingPathComponent("Plugins")
        let paths = FileManager.default.enumerator(atPath: base.path)?.compactMap { $0 as? String } ?? []
        var modules: [String: String] = [:]
        for path in paths where path.hasSuffix("/module.modulemap") {
            let text = (try? String(contentsOf: base.appendingPathComponent(path), encoding: .utf8)) ?? ""
            let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
            if let index = words.firstIndex(of: "module"), index + 1 < words.count {
                modules[String(words[index + 1])] = String(path.prefix { $0 != "/" })
            }
        }
        return modules
    }

    @Test func pluginSourcesImportThePluginAPIAndLibrariesOnly() throws {
        var checked = 0
        let cModules = Self.pluginCModules()
        #expect(cModules["CPKCS11"] == "KeySourcePkcs11", "\(cModules)")
        let testFolders = try Self.testPluginFolders(in: try Self.read("Package.swift"))
        #expect(testFolders.contains("Tests/BankGroupExample"))
        for folder in ["Plugins", "BankProfiles", "Sources/OBCPluginHTTP"] + testFolders {
            let base = Self.root.appendingPathComponent(folder)
            let paths = FileManager.default.enumerator(atPath: base.path)?.compactMap { $0 as? String } ?? []
            for path in paths where path.hasSuffix(".swift") {
                let source = try String(contentsOf: base.appendingPathComponent(path), encoding: .utf8)
                for line in source.split(separator: "\n") where line.contains("import ") && !line.hasPrefix("//") && !line.hasPrefix(" ") {
                    let module = line.split(separator: " ").last.map(String.init) ?? ""
                    #expect(line.hasPrefix("import "), "\(folder)/\(path) uses a special import: \(line)")
                    let ownCModule = folder == "Plugins" && cModules[module] == String(path.prefix { $0 != "/" })
                    #expect(Self.allowedImports.contains(module) || ownCModule, "\(folder)/\(path) imports \(module)")
                }
                checked += 1
            }
        }
        #expect(checked > 0)
    }

    /// Modules every target sees without declaring them (the toolchain's own).
    static let toolchainModules: Set<String> = ["Foundation", "Synchronization", "Dispatch"]

    /// Each `plugin(…)` and `bankGroup(…)` line of Package.swift and each folder of `BankProfiles/`
    /// (the `bankGroups` list's strings): the plugin's folder and the modules its target declares
    /// (the plugin API and each `.product(name:)` of the line; a bank group has no line of its own).
    static func declaredModules(in package: String) throws -> [(folder: String, modules: Set<String>)] {
        let uses =
            (bodies(of: " plugin(", in: package).map { ($0, "Plugins/") } + bodies(of: " bankGroup(", in: package).map { ($0, "BankProfiles/") })
        let lines: [(folder: String, modules: Set<String>)] = uses.compactMap { use, base in
            let quoted = use.split(separator: "\"", omittingEmptySubsequences: false)
            guard !use.hasPrefix("(_ name"), quoted.count > 1, !quoted[1].contains("\\(") else { return nil }
            let path = use.components(separatedBy: "path: \"").dropFirst().first?.split(separator: "\"").first.map(String.init)
            let products = use.components(separatedBy: ".product(name: \"").dropFirst().compactMap {
                $0.split(separator: "\"").first.map(String.init)
            }
            let http = use.contains("pluginHTTP") ? ["OBCPluginHTTP"] : []
            let folder = path ?? base + quoted[1]
            // A C module kept inside the plugin's own folder, named as a dependency of its line.
            let cModules = pluginCModules().filter { "Plugins/" + $0.value == folder && use.contains("\"\($0.key)\"") }.map(\.key)
            return (folder, Set(products + http + cModules + ["OBCPluginAPI"]))
        }
        let groups = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("BankProfiles").path)
        return lines + groups.map { (folder: "BankProfiles/\($0)", modules: ["OBCPluginAPI"]) }
    }

    /// A plugin that imports a library its line does not declare builds only because another
    /// target pulled the library in; each import must be declared where the plugin is listed.
    @Test func everyPluginImportIsDeclaredInItsPackageLine() throws {
        let lines = try Self.declaredModules(in: try Self.read("Package.swift"))
        #expect(lines.contains { $0.folder == "Plugins/KeySourceAWSSSM" } && lines.contains { $0.folder == "BankProfiles/Monzo" }, "\(lines)")
        for (folder, modules) in lines {
            let base = Self.root.appendingPathComponent(folder)
            let paths = FileManager.default.enumerator(atPath: base.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
            #expect(!paths.isEmpty, "\(folder) holds no Swift source")
            for path in paths {
                let source = try String(contentsOf: base.appendingPathComponent(path), encoding: .utf8)
                for line in source.split(separator: "\n") where line.hasPrefix("import ") {
                    let module = String(line.dropFirst("import ".count)).trimmingCharacters(in: .whitespaces)
                    #expect(
                        modules.contains(module) || Self.toolchainModules.contains(module),
                        "\(folder)/\(path) imports \(module), which its line in Package.swift does not declare")
                }
            }
        }
    }
}
