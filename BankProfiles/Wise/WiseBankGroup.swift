import Foundation
import OBCPluginAPI

/// `Wise.yaml` is the whole group.
public enum WiseBankGroup: YAMLBankGroupPlugin { public static var bundle: Bundle { .module } }
