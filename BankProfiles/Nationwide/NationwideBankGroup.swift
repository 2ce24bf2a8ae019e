import Foundation
import OBCPluginAPI

/// `Nationwide.yaml` is the whole group.
public enum NationwideBankGroup: YAMLBankGroupPlugin { public static var bundle: Bundle { .module } }
