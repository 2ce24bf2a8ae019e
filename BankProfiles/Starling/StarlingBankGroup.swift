import Foundation
import OBCPluginAPI

/// The Starling bank group: all behaviour is data in `Starling.yaml`.
public enum StarlingBankGroup: OBCPlugin {
    public static func register(with registrar: inout PluginRegistrar) throws {
        try registrar.register(bankGroup: YAMLBankGroup(resource: "Starling", in: .module, configuration: registrar.configuration))
    }
}
