import Foundation

/// A secret fetched from a key source. It prints as `<redacted>` everywhere (logs, string
/// interpolation, debug dumps) so a value cannot leak by accident; callers read it explicitly.
public struct SecretValue: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let value: String

    public init(_ value: String) { self.value = value }

    /// The secret itself. Named loudly so every use is easy to audit.
    public var revealed: String { value }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
