import Foundation
import OBCPluginAPI

/// The Tide bank group: all behaviour is data in `Tide.yaml`.
public enum TideBankGroup: OBCPlugin {
    public static func register(with registrar: inout PluginRegistrar) throws {
        try registrar.register(bankGroup: YAMLBankGroup(resource: "Tide", in: .module, configuration: registrar.configuration))
    }
}
