import Foundation
import OBCPluginAPI

/// `Revolut.yaml` is the whole group.
public enum RevolutBankGroup: YAMLBankGroupPlugin { public static var bundle: Bundle { .module } }
