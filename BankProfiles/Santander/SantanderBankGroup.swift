import Foundation
import OBCPluginAPI

/// `Santander.yaml` is the whole group.
public enum SantanderBankGroup: YAMLBankGroupPlugin { public static var bundle: Bundle { .module } }
