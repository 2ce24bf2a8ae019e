import Foundation
import OBCPluginAPI

/// The Danske bank group: all behaviour is data in `Danske.yaml`.
public enum DanskeBankGroup: OBCPlugin {
    public static func register(with registrar: inout PluginRegistrar) throws {
        try registrar.register(bankGroup: YAMLBankGroup(resource: "Danske", in: .module, configuration: registrar.configuration))
    }
}
