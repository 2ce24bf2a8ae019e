import Foundation

/// The entry type of a bank group that is only data: `<Group>BankGroup` in `BankProfiles/<Group>`
/// names its target's resource bundle, and this registers the bundle's `<Group>.yaml` as a
/// `YAMLBankGroup`. A group is still one line of Swift because SwiftPM (6.3) needs a Swift
/// source in every target and only the target itself can name its bundle (`Bundle.module`).
public protocol YAMLBankGroupPlugin: OBCPlugin {
    /// The group target's `Bundle.module`.
    static var bundle: Bundle { get }
}

extension YAMLBankGroupPlugin {
    /// `<Group>` of `<Group>BankGroup`: the group's name and its YAML resource's.
    public static var groupName: String { String(String(describing: Self.self).dropLast("BankGroup".count)) }

    public static func register(with registrar: inout PluginRegistrar) throws {
        try registrar.register(bankGroup: YAMLBankGroup(resource: groupName, in: bundle, configuration: registrar.configuration))
    }
}
