import Foundation
import OBCPluginAPI

/// The Hsbc bank group: all behaviour is data in `Hsbc.yaml`.
public enum HsbcBankGroup: OBCPlugin {
    public static func register(with registrar: inout PluginRegistrar) throws {
        try registrar.register(bankGroup: YAMLBankGroup(resource: "Hsbc", in: .module, configuration: registrar.configuration))
    }
}
