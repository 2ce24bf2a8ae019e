import Foundation
import OBCPluginAPI

/// The Zopa bank group: all behaviour is data in `Zopa.yaml`.
public enum ZopaBankGroup: OBCPlugin {
    public static func register(with registrar: inout PluginRegistrar) throws {
        try registrar.register(bankGroup: YAMLBankGroup(resource: "Zopa", in: .module, configuration: registrar.configuration))
    }
}
