import Logging

/// The single entry point of every plugin target (key sources, DCR translators, bank groups).
/// The composition root lists plugin types once; each registers what it provides.
public protocol OBCPlugin {
    static func register(with registrar: inout PluginRegistrar) throws
}

/// Handed to each plugin at start-up: what it may read, and where it registers.
public struct PluginRegistrar {
    public let configuration: ConfigurationValues
    public let logger: Logger
    var keySources: [SecretSource: any KeySource] = [:]
    var dcrTranslators: [DCRVersion: any DCRTranslator] = [:]
    var bankGroups: [String: any BankGroupBehaviour] = [:]

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

    /// Freezes what the plugins registered into the registry both fronts share.
    public func makeRegistry() -> PluginRegistry {
        PluginRegistry(keySources: keySources, dcrTranslators: dcrTranslators, bankGroups: bankGroups)
    }
}

extension PluginRegistrar {
    /// Runs every plugin in `plugins`, in order, and returns the finished registry.
    public static func build(
        plugins: [any OBCPlugin.Type],
        configuration: ConfigurationValues,
        logger: Logger
    ) throws -> PluginRegistry {
        var registrar = PluginRegistrar(configuration: configuration, logger: logger)
        for plugin in plugins {
            try plugin.register(with: &registrar)
        }
        // The operator's own profiles, after the shipped ones, so a clash names the shipped group.
        for group in try OperatorBankProfiles.groups(configuration: configuration) {
            try registrar.register(bankGroup: group)
        }
        return registrar.makeRegistry()
    }
}
