import Foundation
import OBCPluginAPI

/// `Tsb.yaml` is the whole group.
public enum TsbBankGroup: YAMLBankGroupPlugin { public static var bundle: Bundle { .module } }
