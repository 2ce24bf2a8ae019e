/// One setting the product reads, as `obc config reference` and `obc config example` show it.
public struct KnownSetting: Sendable {
    /// How a setting's default is shown.
    public enum Default: Sendable, Equatable {
        /// A value `obc config example` writes as a live line (writing it changes nothing).
        case written(String)
        /// A value shown as a commented-out line (writing it would change something, such as a
        /// default that differs by context, or a setting whose presence switches a feature on).
        case commented(String)
        /// No value: words saying what happens without one.
        case none(String)
    }

    /// The full name, `OpenBankingConnector:Server:Port`. A family's name ends in `:`: any name
    /// below it is accepted (`OpenBankingConnector:Keys:`).
    public let name: String
    /// What the value is, in words (`integer 0–65535`, `seconds`, `true or false`, …).
    public let type: String
    public let defaultValue: Default
    /// What it does, one sentence.
    public let summary: String

    public init(_ name: String, _ type: String, _ defaultValue: Default, _ summary: String) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.summary = summary
    }

    /// A family of open-ended names rather than one setting.
    public var isFamily: Bool { name.hasSuffix(":") }

    /// The name's environment-variable form: `__` for each `:`.
    public var environmentName: String { name.replacingOccurrences(of: ":", with: "__") }

    /// The default as the reference prints it.
    public var defaultText: String {
        switch defaultValue {
        case .written(let value), .commented(let value): "`\(value)`"
        case .none(let words): words
        }
    }
}
