import ArgumentParser
import Foundation
import OBCApp
import OBCCore
import OBCPostgres
import OBCTestSupport

/// `--postgres CONNECTION` (an operator's own server) or `--postgres-cluster` (a throwaway
/// cluster started for the run, as the tests start theirs): where a benchmark runs when it
/// runs on PostgreSQL instead of SQLite.
struct PostgresBenchOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Run on this PostgreSQL database instead of SQLite: OBC's connection string (Host=…;Port=…;Database=…;Username=…) or a postgres:// URL.",
            discussion:
                "The database must be empty; it is migrated, filled and kept afterwards. The password comes from the usual settings (OpenBankingConnector__Database__PasswordSettingNames__PostgreSql and the variable it names).",
            valueName: "connection"))
    var postgres: String?

    @Flag(
        help:
            "Run on a throwaway PostgreSQL 15 cluster started for this run (initdb in a temporary folder, as the postgres user when run as root; fsync off), removed afterwards."
    )
    var postgresCluster = false

    @Option(
        name: .customLong("postgres-cluster-setting"),
        help: ArgumentHelp(
            "A server setting for the --postgres-cluster cluster, as name=value (repeatable), e.g. shared_buffers=6GB.",
            valueName: "name=value"))
    var clusterSettings: [String] = []

    var selected: Bool { postgres != nil || postgresCluster }

    func validate() throws {
        if postgres != nil && postgresCluster { throw ValidationError("Give --postgres or --postgres-cluster, not both.") }
        if !clusterSettings.isEmpty && !postgresCluster { throw ValidationError("--postgres-cluster-setting needs --postgres-cluster.") }
        for setting in clusterSettings where !setting.contains("=") || setting.contains(" ") {
            throw ValidationError("--postgres-cluster-setting \(setting): give name=value, without spaces.")
        }
    }

    /// The database to run on, started if need be; `stop()` it when done.
    func open() async throws -> PostgresBenchDatabase {
        if let postgres {
            return PostgresBenchDatabase(
                environment: [
                    Self.environmentName(DatabaseSettings.providerKey): PostgresStoreProvider.name,
                    Self.environmentName(StoreOpening.connectionStringKey(PostgresStoreProvider.name)): postgres,
                ], cluster: nil, description: "the operator's PostgreSQL server (--postgres)")
        }
        let cluster = try await PostgresTestCluster.start(settings: clusterSettings)
        let database = try await cluster.createDatabase()
        return PostgresBenchDatabase(
            environment: cluster.environment(database: database), cluster: cluster,
            description: (["a throwaway PostgreSQL 15 cluster on 127.0.0.1:\(cluster.port), fsync off"] + clusterSettings + ["database \(database)"])
                .joined(separator: ", "))
    }

    /// A setting's name as an environment variable (`:` becomes `__`).
    static func environmentName(_ key: String) -> String { key.replacingOccurrences(of: ":", with: "__") }
}

/// A PostgreSQL database a benchmark runs on: the settings that select it, and the cluster
/// started for it, if any.
struct PostgresBenchDatabase: Sendable {
    let environment: [String: String]
    let cluster: PostgresTestCluster?
    let description: String

    /// The server log of a cluster this run started (statement counting reads it).
    var logPath: String? { cluster.map { "\($0.directory)/log" } }

    /// The server's CPU use, when this run started the cluster.
    var serverCPU: PostgresServerCPU? { cluster.flatMap { PostgresServerCPU(dataDirectory: "\($0.directory)/data") } }

    /// Stops and removes the cluster this run started; an operator's server is left alone.
    func stop() async { await cluster?.stop() }
}
