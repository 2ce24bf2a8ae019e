import Foundation
import OBCPluginAPI

/// The NatWest bank group: all behaviour is data in `NatWest.yaml`.
public enum NatWestBankGroup: OBCPlugin {
    public static func register(with registrar: inout PluginRegistrar) throws {
        try registrar.register(bankGroup: YAMLBankGroup(resource: "NatWest", in: .module, configuration: registrar.configuration))
    }
}
