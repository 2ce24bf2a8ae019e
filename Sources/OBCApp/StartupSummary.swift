import Logging
import OBCCore

/// The one start-up line an operator reads first: the version, the database (provider,
/// location without any secret, schema), the listener's security, whether API keys are
/// required, and how much was loaded. Every figure is in the metadata, so JSON logs carry
/// numbers as numbers.
struct StartupSummary {
    enum Listener: String {
        case plain, tls
        case mutualTLS = "mutual_tls"
    }

    let runtime: OBCRuntime
    let listener: Listener
    let apiKeysRequired: Bool

    var metadata: Logger.Metadata {
        var metadata: Logger.Metadata = [
            "version": .string(OBCVersion.current),
            "database_provider": .string(runtime.opened.system),
            "listener": .string(listener.rawValue),
            "api_keys": .string(apiKeysRequired ? "on" : "off"),
            "plugins": .stringConvertible(runtime.plugins.list.count),
            "key_sources": .stringConvertible(runtime.registry.keySources.count),
            "bank_profiles": .stringConvertible(runtime.registry.bankProfiles.count),
        ]
        if let store = runtime.opened.summary {
            metadata["database_location"] = .string(store.location)
            metadata["schema_version"] = .stringConvertible(store.schemaVersion)
            metadata["migrations_applied"] = .stringConvertible(store.migrationsApplied)
        }
        return metadata
    }

    func log() {
        runtime.logger.notice("OpenBankingConnector \(OBCVersion.current) starting", metadata: metadata)
    }
}
