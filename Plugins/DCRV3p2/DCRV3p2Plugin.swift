import OBCPluginAPI

/// Registers DCR version 3.2's translator.
public enum DCRV3p2Plugin: OBCPlugin {
    public static func register(with registrar: inout PluginRegistrar) throws {
        try registrar.register(dcrTranslator: DCRV3p2Translator())
    }
}
