import Foundation
import OBCCore
import OBCPluginAPI

/// Which store to open, from OBC's keys under `OpenBankingConnector:Database`: `Provider`
/// (`Sqlite`, the default, or any name in `storeProviderList`, ignoring case) and
/// `EnsureDatabaseMigrated` (default true: migrate at start-up). The provider reads its own
/// keys (`ConnectionStrings:{Provider}`, `PasswordSettingNames:{Provider}`,
/// `PasswordSources:{Provider}`; see `StoreOpening`).
public struct DatabaseSettings: Sendable {
    public static let providerKey = "\(StoreOpening.databaseSection):Provider"
    public static let ensureMigratedKey = "\(StoreOpening.databaseSection):EnsureDatabaseMigrated"
    public static let defaultProvider = "Sqlite"

    public let provider: any StoreProvider.Type
    public let ensureMigrated: Bool

    public init(values: ConfigurationValues, providers: [any StoreProvider.Type] = storeProviderList) throws(OBCError) {
        let text = values[Self.providerKey] ?? Self.defaultProvider
        guard let provider = providers.first(where: { $0.name.lowercased() == text.lowercased() }) else {
            let known = providers.map { $0.name }.joined(separator: ", ")
            throw OBCError(.misconfigured, "\(Self.providerKey) '\(text)' is not a known store provider (\(known)).")
        }
        self.provider = provider
        switch values[Self.ensureMigratedKey]?.lowercased() {
        case nil, "true": ensureMigrated = true
        case "false": ensureMigrated = false
        case let other?: throw OBCError(.misconfigured, "\(Self.ensureMigratedKey) '\(other)' is not true or false.")
        }
    }
}
