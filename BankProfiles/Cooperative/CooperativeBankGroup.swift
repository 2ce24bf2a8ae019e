import Foundation
import OBCPluginAPI

/// The Cooperative bank group: all behaviour is data in `Cooperative.yaml`.
public enum CooperativeBankGroup: OBCPlugin {
    public static func register(with registrar: inout PluginRegistrar) throws {
        try registrar.register(bankGroup: YAMLBankGroup(resource: "Cooperative", in: .module, configuration: registrar.configuration))
    }
}
