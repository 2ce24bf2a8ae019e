import Foundation
import OBCPluginAPI

/// `Tide.yaml` is the whole group.
public enum TideBankGroup: YAMLBankGroupPlugin { public static var bundle: Bundle { .module } }
