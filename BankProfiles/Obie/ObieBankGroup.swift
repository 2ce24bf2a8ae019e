import Foundation
import OBCPluginAPI

/// `Obie.yaml` is the whole group.
public enum ObieBankGroup: YAMLBankGroupPlugin { public static var bundle: Bundle { .module } }
