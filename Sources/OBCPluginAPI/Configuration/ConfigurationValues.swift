import Foundation

/// Configuration as OBC reads it: `Section:Sub:Key` names, case-insensitive, from a YAML
/// file and environment variables (`__` standing for `:`). Later layers win, so the
/// composition root stacks file, then environment, then command-line flags (the loaders are
/// OBCCore's, `ConfigurationValues+Loading.swift`; plugins only read).
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

    /// Keys are looked up on every registration, so this stays off Foundation's
    /// `replacingOccurrences` (which goes through `NSString` on Linux).
    static func normalise(_ key: String) -> String {
        guard key.utf8.contains(UInt8(ascii: "_")) else { return key.lowercased() }
        return key.replacing("__", with: ":").lowercased()
    }
}
