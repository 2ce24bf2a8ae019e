import Foundation
import OBCPluginAPI

/// The Santander bank group: all behaviour is data in `Santander.yaml`.
public enum SantanderBankGroup: OBCPlugin {
    public static func register(with registrar: inout PluginRegistrar) throws {
        try registrar.register(bankGroup: YAMLBankGroup(resource: "Santander", in: .module, configuration: registrar.configuration))
    }
}
