import Logging

/// Handed to each plugin at start-up: what it may read, and where it registers. What was
/// registered is readable only by the host (`@_spi(PluginHost)`, which OBCCore's registry
/// imports and no plugin may), so a plugin cannot reach another plugin's key source; the
/// store and the sealer are not in this module at all.
public struct PluginRegistrar {
    public let configuration: ConfigurationValues
    public let logger: Logger
    @_spi(PluginHost) public private(set) var keySources: [SecretSource: any KeySource] = [:]
    @_spi(PluginHost) public private(set) var dcrTranslators: [DCRVersion: any DCRTranslator] = [:]
    @_spi(PluginHost) public private(set) var bankGroups: [String: any BankGroupBehaviour] = [:]

    public init(configuration: ConfigurationValues, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    public mutating func register(keySource: any KeySource) throws {
        guard keySources[keySource.source] == nil else {
            throw OBCError(.misconfigured, "Two plugins register the key source \(keySource.source).")
        }
        keySources[keySource.source] = keySource
    }

    public mutating func register(dcrTranslator: any DCRTranslator) throws {
        guard dcrTranslators[dcrTranslator.version] == nil else {
            throw OBCError(.misconfigured, "Two plugins register DCR version \(dcrTranslator.version).")
        }
        dcrTranslators[dcrTranslator.version] = dcrTranslator
    }

    /// Registers a bank group, refusing a profile filed under another group and a profile id
    /// that another group (or this one) already has, naming both.
    public mutating func register(bankGroup: any BankGroupBehaviour) throws {
        guard bankGroups[bankGroup.name] == nil else {
            throw OBCError(.misconfigured, "Two plugins register bank group \(bankGroup.name).")
        }
        var owners = bankGroups.values.reduce(into: [String: String]()) { owners, group in
            for profile in group.profiles { owners[profile.id] = group.name }
        }
        for profile in bankGroup.profiles {
            guard profile.group == bankGroup.name else {
                throw OBCError(
                    .misconfigured, "Bank profile \(profile.id) says it belongs to group \(profile.group) but is filed under group \(bankGroup.name)."
                )
            }
            if let owner = owners[profile.id] {
                throw OBCError(.misconfigured, "Bank profile \(profile.id) is defined twice: in group \(owner) and in group \(bankGroup.name).")
            }
            owners[profile.id] = bankGroup.name
        }
        bankGroups[bankGroup.name] = bankGroup
    }
}
