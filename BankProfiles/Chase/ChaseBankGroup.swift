import Foundation
import OBCPluginAPI

/// The Chase bank group: all behaviour is data in `Chase.yaml`.
public enum ChaseBankGroup: OBCPlugin {
    public static func register(with registrar: inout PluginRegistrar) throws {
        try registrar.register(bankGroup: YAMLBankGroup(resource: "Chase", in: .module, configuration: registrar.configuration))
    }
}
