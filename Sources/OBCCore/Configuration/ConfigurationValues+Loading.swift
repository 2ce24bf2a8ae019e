import Foundation
import OBCPluginAPI
import Yams

extension ConfigurationValues {
    /// Environment variables, with `A__B__C` read as `A:B:C`.
    public static func environment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> ConfigurationValues {
        ConfigurationValues(environment)
    }

    /// A YAML file whose nested mappings become `Outer:Inner` keys. The file must exist, be a
    /// file (not a folder) and hold a mapping: an empty file or a bare list is refused.
    public static func yamlFile(at path: String) throws(OBCError) -> ConfigurationValues {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw OBCError(.misconfigured, "The configuration file \(path) does not exist.")
        }
        guard !isFolder.boolValue else {
            throw OBCError(.misconfigured, "The configuration file \(path) is a folder; give the path of a YAML file.")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw OBCError(.misconfigured, "Cannot read the configuration file \(path): permission denied.")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw OBCError(.misconfigured, "The configuration file \(path) is not UTF-8 text.")
        }
        return try yaml(text, origin: path, requireMapping: true)
    }

    /// YAML text whose nested mappings become `Outer:Inner` keys and sequences `Key:0`, `Key:1`.
    /// With `requireMapping`, text that is empty or not a mapping at the top is refused.
    public static func yaml(_ text: String, origin: String = "configuration", requireMapping: Bool = false) throws(OBCError)
        -> ConfigurationValues
    {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw OBCError(.misconfigured, "The configuration file \(origin) is not valid YAML: \(error)")
        }
        if requireMapping {
            guard let node else {
                throw OBCError(.misconfigured, "The configuration file \(origin) is empty; it should hold settings under OpenBankingConnector:.")
            }
            guard case .mapping = node else {
                throw OBCError(
                    .misconfigured,
                    "The configuration file \(origin) is not a mapping of settings (OpenBankingConnector: followed by indented keys).")
            }
        }
        var flat: [String: String] = [:]
        if let node { flatten(node, prefix: nil, into: &flat) }
        return ConfigurationValues(flat)
    }

    private static func flatten(_ node: Node, prefix: String?, into flat: inout [String: String]) {
        func join(_ key: String) -> String { prefix.map { "\($0):\(key)" } ?? key }
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping {
                flatten(value, prefix: join(key.string ?? ""), into: &flat)
            }
        case .sequence(let sequence):
            for (index, value) in sequence.enumerated() {
                flatten(value, prefix: join(String(index)), into: &flat)
            }
        case .scalar(let scalar):
            if let prefix { flat[prefix] = scalar.string }
        case .alias:
            break
        }
    }
}
