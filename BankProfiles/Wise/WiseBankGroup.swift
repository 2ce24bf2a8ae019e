import Foundation
import OBCPluginAPI

/// The Wise bank group: all behaviour is data in `Wise.yaml`.
public enum WiseBankGroup: OBCPlugin {
    public static func register(with registrar: inout PluginRegistrar) throws {
        try registrar.register(bankGroup: YAMLBankGroup(resource: "Wise", in: .module, configuration: registrar.configuration))
    }
}
