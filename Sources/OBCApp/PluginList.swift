import OBCPluginAPI

/// Every plugin this build ships, registered in this order at start-up: Package.swift's
/// `plugins` (key sources, then DCR versions), then its `bankGroups`. The PluginList build
/// plugin generates the list from OBCApp's dependencies, so adding a plugin is a folder and
/// one line in Package.swift.
public var pluginList: [any OBCPlugin.Type] { generatedPluginList }
