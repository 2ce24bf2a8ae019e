import Foundation
import OBCPluginAPI

/// The Obie bank group: all behaviour is data in `Obie.yaml`.
public enum ObieBankGroup: OBCPlugin {
    public static func register(with registrar: inout PluginRegistrar) throws {
        try registrar.register(bankGroup: YAMLBankGroup(resource: "Obie", in: .module, configuration: registrar.configuration))
    }
}
