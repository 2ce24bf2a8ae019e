import OBCPluginAPI

/// A test-only key source the core has never heard of, added the way every plugin is: this
/// folder and one line in Package.swift's `testPlugins`. Nothing else names it.
public enum KeySourceExamplePlugin: OBCPlugin {
    public static func register(with registrar: inout PluginRegistrar) throws {
        try registrar.register(keySource: TestVaultKeySource())
    }
}
