import Foundation
import OBCApp
import OBCCore
import OBCPluginAPI
import OBCPostgres
import OBCTestSupport
import Testing

/// Choosing the store and reading its connection from OBC's configuration keys.
@Suite("Database provider and connection settings")
struct DatabaseSettingsTests {
    @Test func sqliteIsTheDefaultAndProviderNamesIgnoreCase() throws {
        #expect(try DatabaseSettings(values: ConfigurationValues()).provider.name == "Sqlite")
        let values = ConfigurationValues([DatabaseSettings.providerKey: "postgresql"])
        #expect(try DatabaseSettings(values: values).provider == PostgresStoreProvider.self)
        #expect(try DatabaseSettings(values: values).ensureMigrated)
        #expect(throws: OBCError.self) { try DatabaseSettings(values: ConfigurationValues([DatabaseSettings.providerKey: "Oracle"])) }
    }

    @Test func obcConnectionStringForm() throws {
        let settings = try PostgresConnectionSettings.parse(
            "Host=db.example;Port=6543;Database=obc;Username=obc_user;SSL Mode=VerifyFull;Root Certificate=/etc/ca.pem", setting: "test")
        #expect(
            settings
                == PostgresConnectionSettings(
                    host: "db.example", port: 6543, database: "obc", username: "obc_user", tls: .verifyFull, caFile: "/etc/ca.pem"))
        let defaults = try PostgresConnectionSettings.parse("Server=localhost;User ID=postgres", setting: "test")
        #expect(defaults.port == 5432 && defaults.tls == .prefer && defaults.username == "postgres" && defaults.database == nil)
    }

    @Test func postgresURLForm() throws {
        let settings = try PostgresConnectionSettings.parse("postgres://obc%40x@db.example:5433/obc_db?sslmode=require", setting: "test")
        #expect(settings == PostgresConnectionSettings(host: "db.example", port: 5433, database: "obc_db", username: "obc@x", tls: .require))
    }

    @Test(arguments: [
        ("Host=db;Username=u;Password=hunter2", "contains a password"),
        ("postgres://u:hunter2@db/obc", "contains a password"),
        ("Host=db;Username=u;Port=99999", "Port '99999'"),
        ("Host=db;Username=u;SSL Mode=sometimes", "SSL Mode 'sometimes'"),
        ("Username=u", "names no Host"),
        ("Host=db;Colour=blue;Username=u", "'Colour'"),
    ])
    func badConnectionStringsAreRefusedByName(text: String, fault: String) throws {
        do {
            _ = try PostgresConnectionSettings.parse(text, setting: "OpenBankingConnector:Database:ConnectionStrings:PostgreSql")
            Issue.record("accepted \(text)")
        } catch {
            let text = String(describing: error)
            #expect(text.contains(fault), "\(text)")
            #expect(text.contains("ConnectionStrings:PostgreSql"))
            #expect(!text.contains("hunter2"))
        }
    }

    @Test func passwordFromANamedSettingOrAKeySource() async throws {
        let registry = try PluginRegistrar.build(
            plugins: pluginList, configuration: ConfigurationValues(["Db:Secret": "s3cret"]), logger: .init(label: "t"))
        let secrets = SecretResolver(registry: registry)
        func opening(_ values: [String: String]) -> StoreOpening {
            StoreOpening(
                provider: PostgresStoreProvider.name, values: ConfigurationValues(values), databasePath: "unused", secrets: secrets,
                logger: .init(label: "t"), migrate: false)
        }
        let provider = PostgresStoreProvider.name
        let named = opening([StoreOpening.passwordSettingNameKey(provider): "Db:Secret", "Db:Secret": "s3cret"])
        #expect(try await named.password() == "s3cret")
        let sourced = opening([
            "\(StoreOpening.passwordSourceKey(provider)):Source": "Configuration", "\(StoreOpening.passwordSourceKey(provider)):Name": "Db:Secret",
        ])
        #expect(try await sourced.password() == "s3cret")
        let missing = opening([StoreOpening.passwordSettingNameKey(provider): "Db:Nothing"])
        await #expect(throws: OBCError.self) { try await missing.password() }
    }

    @Test func verifyFullNeedsAReadableCAFile() throws {
        let settings = try PostgresConnectionSettings.parse(
            "Host=db;Username=u;SSL Mode=verify-full;Root Certificate=/nonexistent/ca.pem", setting: "t")
        #expect(throws: OBCError.self) { try settings.clientConfiguration(password: nil) }
    }
}
