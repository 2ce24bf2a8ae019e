import OBCPluginAPI

/// Registers the `Pkcs11` key source.
public enum KeySourcePkcs11Plugin: OBCPlugin {
    public static func register(with registrar: inout PluginRegistrar) throws {
        try registrar.register(keySource: Pkcs11KeySource(configuration: registrar.configuration, logger: registrar.logger))
    }
}
