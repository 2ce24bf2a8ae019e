import Foundation
import OBCPluginAPI

/// `Chase.yaml` is the whole group.
public enum ChaseBankGroup: YAMLBankGroupPlugin { public static var bundle: Bundle { .module } }
