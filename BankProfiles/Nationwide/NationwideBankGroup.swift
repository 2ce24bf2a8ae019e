import Foundation
import OBCPluginAPI

/// The Nationwide bank group: all behaviour is data in `Nationwide.yaml`.
public enum NationwideBankGroup: OBCPlugin {
    public static func register(with registrar: inout PluginRegistrar) throws {
        try registrar.register(bankGroup: YAMLBankGroup(resource: "Nationwide", in: .module, configuration: registrar.configuration))
    }
}
