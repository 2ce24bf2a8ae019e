import Foundation
import OBCPluginAPI

/// `Starling.yaml` is the whole group.
public enum StarlingBankGroup: YAMLBankGroupPlugin { public static var bundle: Bundle { .module } }
