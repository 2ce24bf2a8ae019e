import Foundation
import OBCPluginAPI

/// The Tsb bank group: all behaviour is data in `Tsb.yaml`.
public enum TsbBankGroup: OBCPlugin {
    public static func register(with registrar: inout PluginRegistrar) throws {
        try registrar.register(bankGroup: YAMLBankGroup(resource: "Tsb", in: .module, configuration: registrar.configuration))
    }
}
