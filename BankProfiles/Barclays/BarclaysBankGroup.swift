import Foundation
import OBCPluginAPI

/// `Barclays.yaml` is the whole group.
public enum BarclaysBankGroup: YAMLBankGroupPlugin { public static var bundle: Bundle { .module } }
