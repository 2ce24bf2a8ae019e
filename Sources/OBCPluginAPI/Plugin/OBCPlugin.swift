/// The single entry point of every plugin target (key sources, DCR translators, bank groups).
/// The composition root lists plugin types once; each registers what it provides.
public protocol OBCPlugin {
    static func register(with registrar: inout PluginRegistrar) throws
}
