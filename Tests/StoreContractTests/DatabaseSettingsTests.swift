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
        #expect(try DatabaseSettings(values: ConfigurationValues()).provider == .sqlite)
        let values = ConfigurationValues([DatabaseSettings.providerKey: "postgresql"])
        #expect(try DatabaseSettings(values: values).provider == .postgreSql)
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
        let named = try DatabaseSettings(
            values: ConfigurationValues([
                DatabaseSettings.providerKey: "PostgreSql", DatabaseSettings.passwordSettingNameKey(.postgreSql): "Db:Secret", "Db:Secret": "s3cret",
            ]))
        #expect(try await named.password(secrets: secrets) == "s3cret")
        let sourced = try DatabaseSettings(
            values: ConfigurationValues([
                DatabaseSettings.providerKey: "PostgreSql", "\(DatabaseSettings.passwordSourceKey(.postgreSql)):Source": "Configuration",
                "\(DatabaseSettings.passwordSourceKey(.postgreSql)):Name": "Db:Secret",
            ]))
        #expect(try await sourced.password(secrets: secrets) == "s3cret")
        let missing = try DatabaseSettings(
            values: ConfigurationValues([
                DatabaseSettings.providerKey: "PostgreSql", DatabaseSettings.passwordSettingNameKey(.postgreSql): "Db:Nothing",
            ]))
        await #expect(throws: OBCError.self) { try await missing.password(secrets: secrets) }
    }

    @Test func verifyFullNeedsAReadableCAFile() throws {
        let settings = try PostgresConnectionSettings.parse(
            "Host=db;Username=u;SSL Mode=verify-full;Root Certificate=/nonexistent/ca.pem", setting: "t")
        #expect(throws: OBCError.self) { try settings.clientConfiguration(password: nil) }
    }
}
