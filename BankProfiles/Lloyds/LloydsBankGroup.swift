import Foundation
import OBCPluginAPI

/// `Lloyds.yaml` is the whole group.
public enum LloydsBankGroup: YAMLBankGroupPlugin { public static var bundle: Bundle { .module } }
