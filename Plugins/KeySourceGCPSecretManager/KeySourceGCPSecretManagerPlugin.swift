import OBCPluginAPI

/// Registers the `GoogleCloudSecretManagerV1` key source.
public enum KeySourceGCPSecretManagerPlugin: OBCPlugin {
    public static func register(with registrar: inout PluginRegistrar) throws {
        try registrar.register(keySource: GCPSecretManagerKeySource(configuration: registrar.configuration, logger: registrar.logger))
    }
}
