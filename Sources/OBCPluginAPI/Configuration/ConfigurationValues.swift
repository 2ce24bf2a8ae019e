import Foundation
import Yams

/// Configuration as OBC reads it: `Section:Sub:Key` names, case-insensitive, from a YAML
/// file and environment variables (`__` standing for `:`). Later layers win, so the
/// composition root stacks file, then environment, then command-line flags.
public struct ConfigurationValues: Sendable {
    private var values: [String: String]
    /// Each key as it was spelled (with `:`), for messages about it.
    private var spellings: [String: String]

    public init(_ values: [String: String] = [:]) {
        self.values = [:]
        self.spellings = [:]
        for (key, value) in values {
            self.values[Self.normalise(key)] = value
            self.spellings[Self.normalise(key)] = key.replacingOccurrences(of: "__", with: ":")
        }
    }

    /// Every key as it was spelled, `__` written as `:`.
    public var keys: [String] { Array(spellings.values) }

    /// This configuration with `transform` applied to the value of every key in `keys` that is present.
    public func mapping(_ keys: [String], _ transform: (String) -> String) -> ConfigurationValues {
        var mapped = self
        for key in keys {
            let normalised = Self.normalise(key)
            if let value = values[normalised] { mapped.values[normalised] = transform(value) }
        }
        return mapped
    }

    /// The value for `key`, or nil when absent or empty (OBC treats empty as missing).
    public subscript(key: String) -> String? {
        guard let value = values[Self.normalise(key)], !value.isEmpty else { return nil }
        return value
    }

    /// Every key under `prefix:` with the prefix removed (in normalised, lower-case form).
    public func children(of prefix: String) -> [String: String] {
        let start = Self.normalise(prefix) + ":"
        var result: [String: String] = [:]
        for (key, value) in values where key.hasPrefix(start) {
            result[String(key.dropFirst(start.count))] = value
        }
        return result
    }

    /// This configuration with `other`'s values laid over it.
    public func overlaid(with other: ConfigurationValues) -> ConfigurationValues {
        var merged = self
        merged.values.merge(other.values) { _, new in new }
        merged.spellings.merge(other.spellings) { _, new in new }
        return merged
    }

    /// The names (lower-case `A:B:C` form) whose values differ from `other`'s, never the values.
    public func changedNames(comparedTo other: ConfigurationValues) -> [String] {
        Set(values.keys).union(other.values.keys).filter { values[$0] != other.values[$0] }.sorted()
    }

    static func normalise(_ key: String) -> String {
        key.replacingOccurrences(of: "__", with: ":").lowercased()
    }
}

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
