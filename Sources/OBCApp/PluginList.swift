import KeySourceConfiguration
import OBCCore

/// Every plugin this build ships, registered in this order at start-up. Adding a key source,
/// a DCR version or a bank group is one target in Package.swift and one line here.
public var pluginList: [any OBCPlugin.Type] {
    [
        KeySourceConfigurationPlugin.self
    ]
}
