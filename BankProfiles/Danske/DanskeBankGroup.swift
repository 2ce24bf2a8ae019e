import Foundation
import OBCPluginAPI

/// `Danske.yaml` is the whole group.
public enum DanskeBankGroup: YAMLBankGroupPlugin { public static var bundle: Bundle { .module } }
