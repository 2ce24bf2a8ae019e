import Foundation
import OBCCore
import OBCPluginAPI
import OBCTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `obc serve` and `obc db migrate` on PostgreSQL, as real processes.
@Suite("obc on PostgreSQL", .serialized, .enabled(if: PostgresTestCluster.available, Comment(rawValue: PostgresTestCluster.skipMessage)))
struct PostgresServeTests {
    let fixture = try! ManagementFixture()

    @Test func migrateByHandThenServeAndReadinessFollowsTheDatabase() async throws {
        try await PostgresTestCluster.withOwn { cluster in try await serveOn(cluster) }
    }

    func serveOn(_ cluster: PostgresTestCluster) async throws {
        var environment = fixture.environment.merging(cluster.environment(database: try await cluster.createDatabase())) { _, new in new }
        environment["OpenBankingConnector__Database__EnsureDatabaseMigrated"] = "false"

        let refused = try await CLIProcess.run(["serve", "--port", "0"], environment: environment)
        #expect(refused.status == 78, "\(refused.output)")
        #expect(refused.output.contains("obc db migrate"), "\(refused.output)")
        let migrated = try await CLIProcess.run(["db", "migrate"], environment: environment)
        #expect(migrated.status == 0, "\(migrated.output)")
        #expect(migrated.output.contains("PostgreSql database is migrated"))

        try await CLIProcess.with(["serve", "--port", "0"], environment: environment) { server in
            try await readinessFollowsTheDatabase(server, cluster, environment: environment)
        }
    }

    func readinessFollowsTheDatabase(_ server: CLIProcess, _ cluster: PostgresTestCluster, environment: [String: String]) async throws {
        let base = "http://127.0.0.1:\(try await server.listeningPort())"
        let added = try await CLIProcess.run(
            ["keys", "add", "--name", "OpenBankingConnector:Keys:Encryption:Key1", "--set-current"], environment: environment)
        #expect(added.status == 0, "\(added.output)")
        let (ready, body) = try await LiveHTTP.get("\(base)/health/ready")
        #expect(ready == 200, "\(body)")
        let keyId = try #require(added.output.split(separator: "\n").map(String.init).first { UUID(uuidString: $0) != nil })
        let (found, key) = try await LiveHTTP.get("\(base)/manage/encryption-key-descriptions/\(keyId)")
        #expect(found == 200 && key.contains("Key1"), "\(key)")

        try await cluster.pause()
        let (down, downBody) = try await LiveHTTP.get("\(base)/health/ready")
        #expect(down == 503, "\(downBody)")
        #expect(downBody.contains("database"))
        try await cluster.resume()
        var recovered = 0
        for _ in 0..<30 where recovered != 200 {
            recovered = try await LiveHTTP.get("\(base)/health/ready").0
            if recovered != 200 { try await Task.sleep(for: .milliseconds(500)) }
        }
        #expect(recovered == 200)
        server.signal(SIGTERM)
        #expect(try await server.waitForExit() == 0)
    }

    @Test func copyFromSQLiteKeepsEveryRecordAndObjectByteForByte() async throws {
        let sqlite = try TestRuntime(environment: fixture.environment)
        defer { sqlite.removeFiles() }
        let runtime = try sqlite.makeRuntime()
        let services = runtime.services
        let key = try await services.encryptionKeyDescriptions.create(
            .init(key: SecretDescription(name: "OpenBankingConnector:Keys:Encryption:Key1"), setAsCurrent: true))
        try await sqlite.withServer { client in
            _ = try await fixture.createSoftwareStatement(client)
            let (wac, _) = try await fixture.createCertificates(client)
            _ = try await client.send(.delete, "/manage/obwac-certificates/\(wac)")
        }
        for index in 0..<300 {
            try await services.sealer.store(SecretValue("secret-\(index)"), owner: UUID(), purpose: .clientSecret)
        }
        let attempt = RegistrationAttempt(
            bankClientId: UUID(), bankProfile: "Obie_Model2023", softwareStatementId: UUID(), bankGroup: "Obie", registrationGroup: "Model2023",
            jwtId: "jti-1", attemptedAt: Date(timeIntervalSince1970: 1_700_000_000), instanceId: UUID(), hostName: "gone", processId: 7,
            interruptedAt: Date(timeIntervalSince1970: 1_700_000_100), cause: .bankTimedOut, externalApiId: "client-7")
        try await runtime.store.registrationAttempts.record(attempt)
        let cluster = try await PostgresTestCluster.shared()
        let connection = cluster.connectionString(database: try await cluster.createDatabase())
        let copied = try await CLIProcess.run(
            ["db", "copy", "--from", sqlite.databasePath, "--to", connection], environment: fixture.environment, timeout: 120)
        #expect(copied.status == 0, "\(copied.output)")
        #expect(copied.output.contains("and 300 encrypted objects"), "\(copied.output)")
        #expect(copied.output.contains("2 ObWacCertificate"), "\(copied.output)")
        #expect(copied.output.contains("1 InterruptedRegistration"), "\(copied.output)")

        let environment = fixture.environment.merging([
            "OpenBankingConnector__Database__Provider": "PostgreSql", "OpenBankingConnector__Database__ConnectionStrings__PostgreSql": connection,
        ]) { _, new in new }
        let listed = try await CLIProcess.run(["keys", "list"], environment: environment)
        let line = try #require(listed.output.split(separator: "\n").first { $0.hasPrefix(key.id.lowercasedText) }, "\(listed.output)")
        #expect(line.contains(" 300 ") && line.contains("*"), "\(listed.output)")
        let verified = try await CLIProcess.run(["keys", "verify"], environment: environment)
        #expect(verified.status == 0 && verified.output.contains("Verified 300 objects: 300 decrypt, 0 failed."), "\(verified.output)")
        let interrupted = try await CLIProcess.run(["registrations", "interrupted", "--json"], environment: environment)
        #expect(
            interrupted.output.contains("\"ExternalApiId\" : \"client-7\"") && interrupted.output.contains("BankTimedOut"), "\(interrupted.output)")

        let again = try await CLIProcess.run(["db", "copy", "--from", sqlite.databasePath, "--to", connection], environment: fixture.environment)
        #expect(again.status == 65, "\(again.output)")
        #expect(again.output.contains("already holds records"), "\(again.output)")
    }

    /// Any store into any store: SQLite into PostgreSQL, then that PostgreSQL database into a new
    /// SQLite file, both through the real CLI; the new file serves the same keys and objects.
    @Test func copyFromPostgreSQLIntoANewSQLiteFile() async throws {
        let sqlite = try TestRuntime(environment: fixture.environment)
        defer { sqlite.removeFiles() }
        let services = try sqlite.makeRuntime().services
        let key = try await services.encryptionKeyDescriptions.create(
            .init(key: SecretDescription(name: "OpenBankingConnector:Keys:Encryption:Key1"), setAsCurrent: true))
        try await sqlite.withServer { client in _ = try await fixture.createSoftwareStatement(client) }
        for index in 0..<40 {
            try await services.sealer.store(SecretValue("secret-\(index)"), owner: UUID(), purpose: .clientSecret)
        }
        let cluster = try await PostgresTestCluster.shared()
        let connection = cluster.connectionString(database: try await cluster.createDatabase())
        let first = try await CLIProcess.run(["db", "copy", "--from", sqlite.databasePath, "--to", connection], environment: fixture.environment)
        #expect(first.status == 0, "\(first.output)")

        let copy = sqlite.directory.appendingPathComponent("from-postgres.sqlite").path
        let arguments = ["db", "copy", "--from-provider", "PostgreSql", "--from", connection, "--to-provider", "Sqlite", "--to", copy]
        let back = try await CLIProcess.run(arguments, environment: fixture.environment, timeout: 120)
        #expect(back.status == 0, "\(back.output)")
        #expect(back.output.contains("and 40 encrypted objects") && back.output.contains("1 SoftwareStatement"), "\(back.output)")
        let listed = try await CLIProcess.run(["keys", "list", "--database", copy], environment: fixture.environment)
        let line = try #require(listed.output.split(separator: "\n").first { $0.hasPrefix(key.id.lowercasedText) }, "\(listed.output)")
        #expect(line.contains(" 40 ") && line.contains("*"), "\(listed.output)")
        let verified = try await CLIProcess.run(["keys", "verify", "--database", copy], environment: fixture.environment)
        #expect(verified.status == 0 && verified.output.contains("Verified 40 objects: 40 decrypt, 0 failed."), "\(verified.output)")

        let again = try await CLIProcess.run(arguments, environment: fixture.environment)
        #expect(again.status == 65, "\(again.output)")
        #expect(again.output.contains("already holds records"), "\(again.output)")
    }
}
