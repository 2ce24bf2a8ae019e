import Foundation
import OBCPluginAPI

/// The Lloyds bank group: all behaviour is data in `Lloyds.yaml`.
public enum LloydsBankGroup: OBCPlugin {
    public static func register(with registrar: inout PluginRegistrar) throws {
        try registrar.register(bankGroup: YAMLBankGroup(resource: "Lloyds", in: .module, configuration: registrar.configuration))
    }
}
