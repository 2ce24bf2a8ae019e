import OBCPluginAPI

/// Registers DCR version 3.3's translator.
public enum DCRV3p3Plugin: OBCPlugin {
    public static func register(with registrar: inout PluginRegistrar) throws {
        try registrar.register(dcrTranslator: DCRV3p3Translator())
    }
}
