import Foundation
import OBCCore
import OBCPluginAPI
import OBCPostgres

/// Which store to open and how, from OBC's keys under `OpenBankingConnector:Database`:
/// `Provider` (`Sqlite`, the default, or `PostgreSql`), `ConnectionStrings:{Provider}`, the
/// password from `PasswordSettingNames:{Provider}` (the name of a setting holding it) or
/// `PasswordSources:{Provider}` (`Source` and `Name` of a secret in any key source), and
/// `EnsureDatabaseMigrated` (default true: migrate at start-up).
public struct DatabaseSettings: Sendable {
    public enum Provider: String, Sendable, CaseIterable {
        case sqlite = "Sqlite"
        case postgreSql = "PostgreSql"
    }

    public static let providerKey = "OpenBankingConnector:Database:Provider"
    public static let ensureMigratedKey = "OpenBankingConnector:Database:EnsureDatabaseMigrated"
    public static func connectionStringKey(_ provider: Provider) -> String {
        "OpenBankingConnector:Database:ConnectionStrings:\(provider.rawValue)"
    }
    public static func passwordSettingNameKey(_ provider: Provider) -> String {
        "OpenBankingConnector:Database:PasswordSettingNames:\(provider.rawValue)"
    }
    public static func passwordSourceKey(_ provider: Provider) -> String {
        "OpenBankingConnector:Database:PasswordSources:\(provider.rawValue)"
    }

    public let provider: Provider
    public let ensureMigrated: Bool
    let values: ConfigurationValues

    public init(values: ConfigurationValues) throws(OBCError) {
        self.values = values
        let text = values[Self.providerKey] ?? Provider.sqlite.rawValue
        guard let provider = Provider.allCases.first(where: { $0.rawValue.lowercased() == text.lowercased() }) else {
            let known = Provider.allCases.map(\.rawValue).joined(separator: " or ")
            throw OBCError(.misconfigured, "\(Self.providerKey) '\(text)' is not \(known).")
        }
        self.provider = provider
        switch values[Self.ensureMigratedKey]?.lowercased() {
        case nil, "true": ensureMigrated = true
        case "false": ensureMigrated = false
        case let other?: throw OBCError(.misconfigured, "\(Self.ensureMigratedKey) '\(other)' is not true or false.")
        }
    }

    /// The PostgreSQL connection, parsed from its connection string.
    public func postgresConnection() throws(OBCError) -> PostgresConnectionSettings {
        let key = Self.connectionStringKey(.postgreSql)
        guard let text = values[key] else {
            throw OBCError(.misconfigured, "\(Self.providerKey) is PostgreSql but \(key) is not set.")
        }
        return try PostgresConnectionSettings.parse(text, setting: key)
    }

    /// The database password: a setting named by `PasswordSettingNames`, or a secret described
    /// by `PasswordSources` resolved through the key sources; nil when neither is configured.
    public func password(secrets: SecretResolver) async throws(OBCError) -> String? {
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
