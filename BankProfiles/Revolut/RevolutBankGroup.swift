import Foundation
import OBCPluginAPI

/// The Revolut bank group: all behaviour is data in `Revolut.yaml`.
public enum RevolutBankGroup: OBCPlugin {
    public static func register(with registrar: inout PluginRegistrar) throws {
        try registrar.register(bankGroup: YAMLBankGroup(resource: "Revolut", in: .module, configuration: registrar.configuration))
    }
}
