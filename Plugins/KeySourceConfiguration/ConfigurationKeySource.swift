import OBCPluginAPI

/// The `Configuration` secret source: values from the YAML config file or environment
/// variables, named as .NET configuration keys (`OpenBankingConnector:Keys:Encryption:Key1`,
/// or `OpenBankingConnector__Keys__Encryption__Key1` in the environment), as OBC does.
public struct ConfigurationKeySource: KeySource {
    public let source = SecretSource.configuration
    let configuration: ConfigurationValues

    public init(configuration: ConfigurationValues) {
        self.configuration = configuration
    }

    public func secret(named name: String) async throws(KeySourceError) -> SecretValue {
        guard let value = configuration[name] else {
            let variable = name.replacingOccurrences(of: ":", with: "__")
            throw KeySourceError(
                .notFound,
                "no value with key \(name) was found in the configuration file or the environment (environment variable \(variable))."
            )
        }
        return SecretValue(value)
    }
}
