import OBCPluginAPI

/// Registers the `AwsSsmParameterStore` key source.
public enum KeySourceAWSSSMPlugin: OBCPlugin {
    public static func register(with registrar: inout PluginRegistrar) throws {
        try registrar.register(keySource: AWSSSMKeySource(configuration: registrar.configuration, logger: registrar.logger))
    }
}
