import Foundation
import GRDB
import OBCCore
import OBCPluginAPI

/// The embedded default store: one SQLite file (system libsqlite3 through GRDB) in WAL mode,
/// readable by its owner only, migrated at open. Several processes may share it: writes wait
/// on SQLite's lock instead of failing.
public final class SQLiteStore: Store {
    public let path: String
    let pool: DatabasePool
    /// Where it is and its schema (the migrations it has, and how many this open applied).
    public let summary: StoreSummary

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

    /// Page size of databases this version creates; older files keep theirs.
    static let pageSize = 16_384

    /// Opens (creating if needed) the database at `path` and applies pending migrations.
    public init(path: String) throws {
        self.path = path
        try Self.createOwnerOnlyFile(at: path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            // Takes effect only when the file is new (before WAL mode writes its header):
            // 16 KiB pages hold a dozen encrypted objects of a kilobyte where 4 KiB pages hold
            // three, so a rotation makes a quarter of the page writes and system calls.
            try db.execute(sql: "PRAGMA page_size = \(Self.pageSize)")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            let migrator = SQLiteMigrations.migrator
            let before = try pool.read { try migrator.appliedIdentifiers($0).count }
            try migrator.migrate(pool)
            let after = try pool.read { try migrator.appliedIdentifiers($0).count }
            summary = StoreSummary(location: path, schemaVersion: after, migrationsApplied: after - before)
        } catch {
            throw OBCError(.misconfigured, "Cannot open the SQLite database \(path): \(error)")
        }
        Self.restrictToOwner(path)
        let database = SQLiteDatabase(base: pool)
        obWacCertificates = SQLiteRecordRepository<ObWacCertificate>(pool: database)
        obSealCertificates = SQLiteRecordRepository<ObSealCertificate>(pool: database)
        softwareStatements = SQLiteRecordRepository<SoftwareStatement>(pool: database)
        encryptionKeyDescriptions = SQLiteRecordRepository<EncryptionKeyDescription>(pool: database)
        settings = SQLiteSettingsRepository(pool: database)
        encryptedObjects = SQLiteEncryptedObjectRepository(pool: database)
        bankRegistrations = SQLiteRecordRepository<BankRegistration>(pool: database)
        bankClients = SQLiteBankClientRepository(pool: database)
        instances = SQLiteInstanceHeartbeatRepository(pool: database)
        registrationAttempts = SQLiteRegistrationAttemptRepository(pool: database)
    }

    /// Closes every connection; further use throws.
    public func close() throws {
        try pool.close()
    }

    static func createOwnerOnlyFile(at path: String) throws {
        let manager = FileManager.default
        if !manager.fileExists(atPath: path) {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty, !manager.fileExists(atPath: directory) {
                throw OBCError(.misconfigured, "Cannot create the SQLite database \(path): the folder \(directory) does not exist.")
            }
            guard manager.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw OBCError(.misconfigured, "Cannot create the SQLite database \(path): permission denied.")
            }
        }
    }

    /// SQLite gives the -wal and -shm files the main file's mode; keep all three at 0600.
    static func restrictToOwner(_ path: String) {
        for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
            try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        }
    }
}
