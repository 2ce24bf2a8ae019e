import ArgumentParser
import Foundation
import Logging
import OBCApp
import OBCCore
import OBCPostgres
import PostgresNIO

/// `obc-bench rotation --postgres-cluster` (or `--postgres CONNECTION`): fills the product's
/// table through the store port, copies it server-side into the bare loop's table, then times
/// `KeyRotationService.rotate` (what `obc keys rotate` runs, on OBCPostgres) and the bare
/// PostgresNIO loop in the same run, one after the other.
struct PostgresRotationRun {
    let objects: Int
    let batchSize: Int
    let seed: UInt64
    let database: PostgresBenchDatabase

    /// Objects per fill call (one transaction of multi-row `unnest` inserts).
    static let fillBatch = 20_000
    static let target = 50_000.0

    func run() async throws {
        let keys = RotationKeys()
        let settings = try AppSettings(
            flags: [:], environment: keys.environment(ProcessInfo.processInfo.environment.merging(database.environment) { _, new in new }))
        let logger = Logger(label: "obc")
        RotationReport.printHeader(
            objects: objects, batchSize: batchSize,
            places: ["database: \(database.description); product table encrypted_object, bare table \(BarePostgresRotationLoop.table)"])

        // Fill (not measured) through the store port, then the same rows copied for the bare loop.
        let clock = ContinuousClock()
        let fillStart = clock.now
        let filling = try await OBCRuntime.open(settings: settings, logger: logger, migrate: true)
        let client = try Self.client(of: filling)
        guard try await filling.store.encryptedObjects.countByKey().isEmpty else {
            await filling.close()
            throw ValidationError("The database already holds encrypted objects; the benchmark needs an empty one.")
        }
        let key1 = try await filling.services.encryptionKeyDescriptions.create(
            .init(key: SecretDescription(name: RotationKeys.key1Name), setAsCurrent: true))
        let plaintextBytes = try await keys.fill(objects: objects, seed: seed, batch: Self.fillBatch, keyId: key1.id) { batch in
            try await filling.store.encryptedObjects.insert(contentsOf: batch)
        }
        try await BarePostgresRotationLoop.copy(from: "encrypted_object", client: client, logger: logger)
        let key2 = try await filling.services.encryptionKeyDescriptions.create(
            .init(key: SecretDescription(name: RotationKeys.key2Name), setAsCurrent: true))
        // Hint bits and statistics set, dirty pages written, so neither loop inherits the fill's work.
        for statement in ["VACUUM ANALYZE encrypted_object", "VACUUM ANALYZE \(BarePostgresRotationLoop.table)"] {
            try await client.query(PostgresQuery(unsafeSQL: statement), logger: logger)
        }
        try await Self.checkpoint(client, logger: logger)
        await filling.close()
        print(
            String(
                format: "fill (not measured): %d objects through the store, copied server-side, mean plaintext %.0f bytes, in %.1f s", objects,
                Double(plaintextBytes) / Double(objects), (clock.now - fillStart).seconds))
        let peakAfterFill = PeakMemory.peakResidentBytes

        // Product path: a fresh runtime, as `obc keys rotate` opens one.
        let productStart = clock.now
        let productCPUStart = PeakMemory.cpuSeconds
        let serverCPU = database.serverCPU
        let productServerStart = serverCPU?.snapshot()
        let rotating = try await OBCRuntime.open(settings: settings, logger: logger)
        let summary = try await rotating.services.keyRotation.rotate(batchSize: batchSize)
        let productSeconds = (clock.now - productStart).seconds
        let productCPU = PeakMemory.cpuSeconds - productCPUStart
        let productServer = productServerStart.flatMap { start in serverCPU?.seconds(since: start) }
        let peakAfterProduct = PeakMemory.peakResidentBytes

        // Bare loop on its table, same objects and batch size, on the same PostgresNIO client.
        let bareClient = try Self.client(of: rotating)
        try await Self.checkpoint(bareClient, logger: logger)
        let bareStart = clock.now
        let bareCPUStart = PeakMemory.cpuSeconds
        let bareServerStart = serverCPU?.snapshot()
        let bare = BarePostgresRotationLoop(
            client: bareClient, newKeyId: key2.id, oldKey: keys.key1, newKey: keys.key2, batchSize: batchSize, logger: logger)
        let bareObjects = try await bare.run()
        let bareSeconds = (clock.now - bareStart).seconds
        let bareCPU = PeakMemory.cpuSeconds - bareCPUStart
        let bareServer = bareServerStart.flatMap { start in serverCPU?.seconds(since: start) }
        let peakAfterBare = PeakMemory.peakResidentBytes

        // Both tables checked: the product's with `obc keys verify`'s code, the bare one directly.
        let verified = try await rotating.services.keyRotation.verify()
        let counts = try await rotating.store.encryptedObjects.countByKey()
        let bareVerified = try await bare.verify()
        await rotating.close()
        let report = RotationReport(
            objects: objects, targetRate: Self.target,
            product: .init(label: "product (KeyRotationService.rotate)", objects: summary.objects, seconds: productSeconds, cpuSeconds: productCPU),
            bare: .init(label: "bare (PostgresNIO + AES.GCM)", objects: bareObjects, seconds: bareSeconds, cpuSeconds: bareCPU),
            summary: summary,
            productVerified: .init(
                objects: verified.objects, failures: verified.failures.count, allUnderNewKey: counts.keys.elementsEqual([key2.id])),
            bareVerified: .init(objects: bareVerified.objects, failures: bareVerified.failures, allUnderNewKey: bareVerified.allUnderNewKey),
            peaks: (peakAfterFill, peakAfterProduct, peakAfterBare, PeakMemory.peakResidentBytes))
        report.print()
        if let productServer, let bareServer {
            print(
                String(
                    format:
                        "CPU of the PostgreSQL server (postmaster and children): product %.2f s (%.1f µs an object), bare %.2f s (%.1f µs an object)",
                    productServer, productServer / Double(max(summary.objects, 1)) * 1e6, bareServer,
                    bareServer / Double(max(bareObjects, 1)) * 1e6))
        }
        print("(peak memory is this process's; the PostgreSQL server's own memory is not counted)")
        if !report.correct { throw ExitCode.failure }
    }

    /// Writes dirty pages out before a timed loop; an operator's role may lack the right
    /// (`pg_checkpoint`), and then the loops run without it.
    static func checkpoint(_ client: PostgresClient, logger: Logger) async throws {
        do {
            try await client.query("CHECKPOINT", logger: logger)
        } catch {
            printError("CHECKPOINT refused (\(String(reflecting: error))); timing without it")
        }
    }

    static func client(of runtime: OBCRuntime) throws -> PostgresClient {
        guard let store = runtime.store as? PostgresStore else { throw BenchFailure("the runtime did not open PostgreSQL") }
        return store.client
    }
}
