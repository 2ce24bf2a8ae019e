import OBCPluginAPI

/// Registers the `Configuration` key source.
public enum KeySourceConfigurationPlugin: OBCPlugin {
    public static func register(with registrar: inout PluginRegistrar) throws {
        try registrar.register(keySource: ConfigurationKeySource(configuration: registrar.configuration))
    }
}
