import DCRV3p1
import DCRV3p2
import DCRV3p3
import KeySourceAWSSSM
import KeySourceConfiguration
import KeySourceGCPSecretManager
import OBCCore
import OBCPluginAPI

/// Every plugin this build ships, registered in this order at start-up. Adding a key source
/// or a DCR version is one target in Package.swift and one line here; bank groups come from
/// Package.swift's `bankGroups` through the generated `bankGroupPlugins`.
public var pluginList: [any OBCPlugin.Type] {
    [
        KeySourceConfigurationPlugin.self,
        KeySourceAWSSSMPlugin.self,
        KeySourceGCPSecretManagerPlugin.self,
        DCRV3p1Translator.self,
        DCRV3p2Translator.self,
        DCRV3p3Translator.self,
    ] + bankGroupPlugins
}
