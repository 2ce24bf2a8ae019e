import OBCPluginAPI

/// Registers DCR version 3.1's translator.
public enum DCRV3p1Plugin: OBCPlugin {
    public static func register(with registrar: inout PluginRegistrar) throws {
        try registrar.register(dcrTranslator: DCRV3p1Translator())
    }
}
