import Foundation
import OBCPluginAPI

/// `Hsbc.yaml` is the whole group.
public enum HsbcBankGroup: YAMLBankGroupPlugin { public static var bundle: Bundle { .module } }
