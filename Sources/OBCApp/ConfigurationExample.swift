/// `obc config example`: a commented obc.yaml holding every setting of `KnownSettings`, nested as
/// YAML. Settings whose default can be written without changing anything are live lines; the
/// rest are comments to uncomment, so `obc serve --config` accepts the file unchanged.
public enum ConfigurationExample {
    public static func yaml() -> String {
        var root = Node(name: "")
        for setting in KnownSettings.all where !setting.isFamily {
            root.insert(setting, path: setting.name.split(separator: ":").map(String.init))
        }
        var lines = header
        for child in root.children { child.emit(depth: 0, commented: false, into: &lines) }
        lines.append("  # Open-ended families: any name below one of these (docs/configuration.md).")
        for family in KnownSettings.all where family.isFamily {
            let name = family.name.dropFirst(KnownSettings.root.count)
            lines.append("  #   \(name)…  \(family.summary.replacingOccurrences(of: "`", with: ""))")
        }
        return (lines + [""]).joined(separator: "\n")
    }

    static let header = [
        "# obc.yaml: OpenBankingConnector's configuration (printed by `obc config example`).",
        "# Every setting the product reads, at its default. Live lines change nothing; uncomment a",
        "# line to set it. Environment variables (`__` for `:`) and command-line flags win over this",
        "# file; relative paths are read from this file's folder. Reference: docs/configuration.md.",
    ]

    /// One level of the settings tree, in the order the settings are listed.
    struct Node {
        var name: String
        var setting: KnownSetting?
        var children: [Node] = []

        mutating func insert(_ setting: KnownSetting, path: [String]) {
            guard let first = path.first else {
                self.setting = setting
                return
            }
            if let index = children.firstIndex(where: { $0.name == first }) {
                children[index].insert(setting, path: Array(path.dropFirst()))
            } else {
                var child = Node(name: first)
                child.insert(setting, path: Array(path.dropFirst()))
                children.append(child)
            }
        }

        /// Whether a live line sits anywhere below: a section with none is written as comments.
        var isLive: Bool {
            if case .written = setting?.defaultValue { return true }
            return children.contains { $0.isLive }
        }

        func emit(depth: Int, commented: Bool, into lines: inout [String]) {
            let indent = String(repeating: "  ", count: depth)
            let live = !commented && isLive
            let mark = live ? "" : "# "
            guard let setting else {
                lines.append(indent + mark + name + ":")
                for child in children { child.emit(depth: depth + 1, commented: !live, into: &lines) }
                return
            }
            lines.append("\(indent)# \(setting.summary) [\(setting.type.replacingOccurrences(of: "`", with: ""))]")
            switch setting.defaultValue {
            case .written(let value), .commented(let value): lines.append("\(indent)\(mark)\(name): \(value)")
            case .none(let words): lines.append("\(indent)# \(name):    (default: \(words.replacingOccurrences(of: "`", with: "")))")
            }
        }
    }
}
