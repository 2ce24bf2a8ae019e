import Logging
@_spi(PluginHost) import OBCPluginAPI

extension PluginRegistrar {
    /// Runs every plugin in `plugins`, in order, and returns the finished registry.
    public static func build(
        plugins: [any OBCPlugin.Type],
        configuration: ConfigurationValues,
        logger: Logger
    ) throws -> PluginRegistry {
        var registrar = PluginRegistrar(configuration: configuration, logger: logger)
        for plugin in plugins {
            try plugin.register(with: &registrar)
        }
        // The operator's own profiles, after the shipped ones, so a clash names the shipped group.
        for group in try OperatorBankProfiles.groups(configuration: configuration) {
            try registrar.register(bankGroup: group)
        }
        return registrar.makeRegistry()
    }

    /// Freezes what the plugins registered into the registry both fronts share.
    public func makeRegistry() -> PluginRegistry {
        PluginRegistry(keySources: keySources, dcrTranslators: dcrTranslators, bankGroups: bankGroups)
    }
}
