import Foundation
import OBCPluginAPI

/// `Zopa.yaml` is the whole group.
public enum ZopaBankGroup: YAMLBankGroupPlugin { public static var bundle: Bundle { .module } }
