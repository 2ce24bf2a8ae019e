import Foundation
import OBCPluginAPI

/// The Barclays bank group: all behaviour is data in `Barclays.yaml`.
public enum BarclaysBankGroup: OBCPlugin {
    public static func register(with registrar: inout PluginRegistrar) throws {
        try registrar.register(bankGroup: YAMLBankGroup(resource: "Barclays", in: .module, configuration: registrar.configuration))
    }
}
