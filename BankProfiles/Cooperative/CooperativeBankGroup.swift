import Foundation
import OBCPluginAPI

/// `Cooperative.yaml` is the whole group.
public enum CooperativeBankGroup: YAMLBankGroupPlugin { public static var bundle: Bundle { .module } }
