import Foundation
import Logging
import OBCCore
import OBCPluginAPI
import PostgresNIO
import ServiceLifecycle

/// The Store on PostgreSQL through PostgresNIO's pooled client, for several instances on one
/// database. The client runs from `start` until `close()` (awaited); as a `Service` the store
/// joins the application's service group and closes when it shuts down.
public final class PostgresStore: Store, Service {
    public let client: PostgresClient
    /// The client with deadlines and the unavailable mapping, as every store call uses it.
    let database: PostgresDatabase
    let logger: Logger
    private let running: Task<Void, Never>
    /// Finishes when the task that runs the client has started, just before it calls `run()`.
    private let clientStarting: AsyncStream<Never>

    public let obWacCertificates: any RecordRepository<ObWacCertificate>
    public let obSealCertificates: any RecordRepository<ObSealCertificate>
    public let softwareStatements: any RecordRepository<SoftwareStatement>
    public let encryptionKeyDescriptions: any RecordRepository<EncryptionKeyDescription>
    public let settings: any SettingsRepository
    public let encryptedObjects: any EncryptedObjectRepository
    public let bankRegistrations: any RecordRepository<BankRegistration>
    public let bankClients: any BankClientRepository
    public let instances: any InstanceHeartbeatRepository
    public let registrationAttempts: any RegistrationAttemptRepository

    /// Opens the pooled client and returns once it is running, so the first query never
    /// finds the pool not yet started (PostgresNIO warns about that on every start otherwise).
    public static func start(connection: PostgresConnectionSettings, password: String?, logger: Logger) async throws(OBCError) -> PostgresStore {
        let store = try PostgresStore(connection: connection, password: password, logger: logger)
        for await _ in store.clientStarting {}
        return store
    }

    private init(connection: PostgresConnectionSettings, password: String?, logger: Logger) throws(OBCError) {
        let client = PostgresClient(configuration: try connection.clientConfiguration(password: password), backgroundLogger: logger)
        self.client = client
        self.logger = logger
        let (starting, started) = AsyncStream.makeStream(of: Never.self)
        self.clientStarting = starting
        self.running = Task {
            started.finish()
            await client.run()
        }
        let database = PostgresDatabase(client: client)
        self.database = database
        obWacCertificates = PostgresRecordRepository<ObWacCertificate>(client: database, logger: logger)
        obSealCertificates = PostgresRecordRepository<ObSealCertificate>(client: database, logger: logger)
        softwareStatements = PostgresRecordRepository<SoftwareStatement>(client: database, logger: logger)
        encryptionKeyDescriptions = PostgresRecordRepository<EncryptionKeyDescription>(client: database, logger: logger)
        settings = PostgresSettingsRepository(client: database, logger: logger)
        encryptedObjects = PostgresEncryptedObjectRepository(client: database, logger: logger)
        bankRegistrations = PostgresRecordRepository<BankRegistration>(client: database, logger: logger)
        bankClients = PostgresBankClientRepository(client: database, logger: logger)
        instances = PostgresInstanceHeartbeatRepository(client: database, logger: logger)
        registrationAttempts = PostgresRegistrationAttemptRepository(client: database, logger: logger)
    }

    /// Applies pending migrations (serialised across instances); returns how many ran.
    @discardableResult
    public func migrate() async throws -> Int {
        do {
            return try await PostgresMigrations.migrate(client, logger: logger)
        } catch let error as OBCError {
            throw error
        } catch {
            throw Self.unreachable(error)
        }
    }

    /// Throws unless every migration of this build has been applied.
    public func requireMigrated() async throws {
        let version: Int
        do {
            version = try await client.withConnection { try await PostgresMigrations.version($0, logger: logger) }
        } catch {
            throw Self.unreachable(error)
        }
        guard version >= PostgresMigrations.latest else {
            throw OBCError(
                .misconfigured,
                "The PostgreSQL schema is at version \(version) of \(PostgresMigrations.latest); run `obc db migrate` or set OpenBankingConnector:Database:EnsureDatabaseMigrated to true."
            )
        }
    }

    /// Stops the client and waits for it.
    public func close() async {
        running.cancel()
        await running.value
    }

    public func run() async throws {
        try? await gracefulShutdown()
        await close()
    }

    static func unreachable(_ error: any Error) -> OBCError {
        OBCError(.misconfigured, "Cannot use the PostgreSQL database: \(PostgresStartupFailure.brief(error)).")
    }
}
