import Foundation
import OBCPluginAPI

/// `NatWest.yaml` is the whole group.
public enum NatWestBankGroup: YAMLBankGroupPlugin { public static var bundle: Bundle { .module } }
