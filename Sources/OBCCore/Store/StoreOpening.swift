import Logging
import OBCPluginAPI

/// What a `StoreProvider` is given to open its store: the configuration, the SQLite path the
/// app passes (`Database:Path`, `--database`), the key sources for passwords, the logger, and
/// whether to migrate (`EnsureDatabaseMigrated` or `obc db migrate`) or only check the schema.
public struct StoreOpening: Sendable {
    public static let databaseSection = "OpenBankingConnector:Database"

    /// The provider's name as it declares it (`StoreProvider.name`); the keys below use it.
    public let provider: String
    public let values: ConfigurationValues
    public let databasePath: String
    public let secrets: SecretResolver
    public let logger: Logger
    public let migrate: Bool

    public init(
        provider: String, values: ConfigurationValues, databasePath: String, secrets: SecretResolver, logger: Logger, migrate: Bool
    ) {
        self.provider = provider
        self.values = values
        self.databasePath = databasePath
        self.secrets = secrets
        self.logger = logger
        self.migrate = migrate
    }

    /// `OpenBankingConnector:Database:ConnectionStrings:{Provider}`.
    public static func connectionStringKey(_ provider: String) -> String { "\(databaseSection):ConnectionStrings:\(provider)" }
    /// `OpenBankingConnector:Database:PasswordSettingNames:{Provider}`: the name of a setting holding the password.
    public static func passwordSettingNameKey(_ provider: String) -> String { "\(databaseSection):PasswordSettingNames:\(provider)" }
    /// `OpenBankingConnector:Database:PasswordSources:{Provider}`: `Source` and `Name` of a secret in any key source.
    public static func passwordSourceKey(_ provider: String) -> String { "\(databaseSection):PasswordSources:\(provider)" }

    /// The database password: a setting named by `PasswordSettingNames`, or a secret described
    /// by `PasswordSources` resolved through the key sources; nil when neither is configured.
    public func password() async throws(OBCError) -> String? {
        let nameKey = Self.passwordSettingNameKey(provider)
        if let settingName = values[nameKey] {
            guard let password = values[settingName] else {
                throw OBCError(.misconfigured, "\(nameKey) names the setting \(settingName), which is not set.")
            }
            return password
        }
        let sourceKey = Self.passwordSourceKey(provider)
        guard let name = values["\(sourceKey):Name"] else { return nil }
        let description = SecretDescription(source: SecretSource(values["\(sourceKey):Source"] ?? SecretSource.configuration.rawValue), name: name)
        do {
            return try await secrets.resolve(description, field: sourceKey).revealed
        } catch {
            throw OBCError(.misconfigured, error.description)
        }
    }
}
