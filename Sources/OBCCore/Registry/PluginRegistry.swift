import OBCPluginAPI

/// Everything the plugins provided, frozen at start-up and shared by the HTTP and CLI fronts.
public struct PluginRegistry: Sendable {
    public let keySources: [SecretSource: any KeySource]
    public let dcrTranslators: [DCRVersion: any DCRTranslator]
    public let bankGroups: [String: any BankGroupBehaviour]
    /// All bank profiles from every registered bank group, by profile id; built once.
    public let bankProfiles: [String: BankProfile]

    public init(
        keySources: [SecretSource: any KeySource] = [:],
        dcrTranslators: [DCRVersion: any DCRTranslator] = [:],
        bankGroups: [String: any BankGroupBehaviour] = [:]
    ) {
        self.keySources = keySources
        self.dcrTranslators = dcrTranslators
        self.bankGroups = bankGroups
        var profiles: [String: BankProfile] = [:]
        for group in bankGroups.values {
            for profile in group.profiles { profiles[profile.id] = profile }
        }
        self.bankProfiles = profiles
    }

    /// The registered key source for `source`, or a 400-style error naming the request field.
    public func keySource(for source: SecretSource, field: String) throws(OBCError) -> any KeySource {
        guard let keySource = keySources[source] else {
            let known = keySources.keys.map(\.rawValue).sorted().joined(separator: ", ")
            throw .invalid(field, "secret source '\(source)' is not available in this build (available: \(known)).")
        }
        return keySource
    }
}
