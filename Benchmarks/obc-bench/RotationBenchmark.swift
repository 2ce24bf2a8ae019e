import ArgumentParser
import Crypto
import Foundation
import OBCApp
import OBCCore
import OBCSQLite

/// `obc-bench rotation`: fills two fresh SQLite files with the same N sealed objects, then
/// times `KeyRotationService.rotate` (what `obc keys rotate` runs) on one and a bare
/// GRDB + AES-GCM loop on the other, so the product's overhead is a ratio, not a guess.
struct RotationBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotation",
        abstract: "Time key rotation of N encrypted objects: the product path against a bare GRDB + AES-GCM loop.")

    @Option(help: "How many encrypted objects to fill and rotate.")
    var objects = 1_000_000

    @Option(help: "Objects per transaction in both loops (the default of `obc keys rotate`).")
    var batchSize = 100_000

    @Option(
        help:
            "Path of the product database, which must not exist; the bare loop uses PATH-bare. Kept afterwards. Default: a temporary folder, removed afterwards."
    )
    var database: String?

    @Option(
        help: "Order the bare loop walks the table in: rowid (physical order, as the product does) or id (to show what walking in UUID order costs).")
    var bareOrder: BareRotationLoop.Order = .rowid

    @Option(help: "Seed for plaintext sizes and bytes.")
    var seed: UInt64 = 1

    @OptionGroup(title: "PostgreSQL")
    var postgres: PostgresBenchOptions

    /// Objects per fill transaction: big enough to fill quickly, small enough to stream.
    static let fillBatch = 5_000

    func validate() throws {
        guard objects >= 1 else { throw ValidationError("--objects must be at least 1.") }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1.") }
        if postgres.selected && database != nil { throw ValidationError("--database names an SQLite file; give it or a PostgreSQL option.") }
    }

    func run() async throws {
        if postgres.selected {
            let database = try await postgres.open()
            do {
                try await PostgresRotationRun(objects: objects, batchSize: batchSize, seed: seed, database: database).run()
            } catch {
                await database.stop()
                throw error
            }
            await database.stop()
            return
        }
        let (productPath, barePath, cleanUp) = try paths()
        defer { cleanUp() }
        let keys = RotationKeys()
        let environment = keys.environment(ProcessInfo.processInfo.environment)
        func runtime(_ path: String) throws -> OBCRuntime {
            try OBCRuntime(settings: AppSettings(flags: [AppSettings.databasePathKey: path], environment: environment))
        }

        RotationReport.printHeader(
            objects: objects, batchSize: batchSize, places: ["product database: \(productPath)", "bare database:    \(barePath)"])

        // Fill (not measured): the same sealed objects into both files, streamed in batches.
        let clock = ContinuousClock()
        let fillStart = clock.now
        let product = try runtime(productPath)
        let bare = try runtime(barePath)
        let productKey1 = try await product.services.encryptionKeyDescriptions.create(
            .init(key: SecretDescription(name: RotationKeys.key1Name), setAsCurrent: true))
        let bareKey1 = try await bare.services.encryptionKeyDescriptions.create(
            .init(key: SecretDescription(name: RotationKeys.key1Name), setAsCurrent: true))
        let plaintextBytes = try await keys.fill(objects: objects, seed: seed, batch: Self.fillBatch, keyId: productKey1.id) { batch in
            try await product.store.encryptedObjects.insert(contentsOf: batch)
            try await bare.store.encryptedObjects.insert(
                contentsOf: batch.map {
                    var object = $0; object.keyDescriptionId = bareKey1.id; return object
                })
        }
        _ = try await product.services.encryptionKeyDescriptions.create(
            .init(key: SecretDescription(name: RotationKeys.key2Name), setAsCurrent: true))
        let bareKey2 = try await bare.services.encryptionKeyDescriptions.create(
            .init(key: SecretDescription(name: RotationKeys.key2Name), setAsCurrent: true))
        // Closing the last connection checkpoints the WAL, so neither loop inherits the fill's.
        try (product.store as? SQLiteStore)?.close()
        try (bare.store as? SQLiteStore)?.close()
        let fillSeconds = (clock.now - fillStart).seconds
        print(
            String(
                format: "fill (not measured): 2 × %d objects, mean plaintext %.0f bytes, in %.1f s", objects,
                Double(plaintextBytes) / Double(objects), fillSeconds))
        let peakAfterFill = PeakMemory.peakResidentBytes

        // Product path: a fresh runtime, as `obc keys rotate` starts one, closed afterwards so
        // its connections do not sit under the bare loop.
        let productStart = clock.now
        let productCPUStart = PeakMemory.cpuSeconds
        let rotating = try runtime(productPath)
        let summary = try await rotating.services.keyRotation.rotate(batchSize: batchSize)
        let productSeconds = (clock.now - productStart).seconds
        try (rotating.store as? SQLiteStore)?.close()
        let productCPU = PeakMemory.cpuSeconds - productCPUStart
        let peakAfterProduct = PeakMemory.peakResidentBytes

        // Bare loop on the second file, same objects and batch size.
        let bareStart = clock.now
        let bareCPUStart = PeakMemory.cpuSeconds
        let bareLoop = BareRotationLoop(
            newKeyId: bareKey2.id.lowercasedText, oldKey: keys.key1, newKey: keys.key2,
            batchSize: batchSize, order: bareOrder)
        let bareObjects = try bareLoop.run(path: barePath)
        let bareSeconds = (clock.now - bareStart).seconds
        let bareCPU = PeakMemory.cpuSeconds - bareCPUStart
        let peakAfterBare = PeakMemory.peakResidentBytes

        // Check both results with the product's verify: every object opens, under the new key.
        func check(_ path: String) async throws -> RotationReport.Verified {
            let checking = try runtime(path)
            defer { try? (checking.store as? SQLiteStore)?.close() }
            let verified = try await checking.services.keyRotation.verify()
            let counts = try await checking.store.encryptedObjects.countByKey()
            return .init(objects: verified.objects, failures: verified.failures.count, allUnderNewKey: counts.count == 1)
        }
        let report = RotationReport(
            objects: objects, targetRate: 100_000,
            product: .init(label: "product (KeyRotationService.rotate)", objects: summary.objects, seconds: productSeconds, cpuSeconds: productCPU),
            bare: .init(label: "bare (GRDB + AES.GCM, \(bareOrder.rawValue) order)", objects: bareObjects, seconds: bareSeconds, cpuSeconds: bareCPU),
            summary: summary, productVerified: try await check(productPath), bareVerified: try await check(barePath),
            peaks: (peakAfterFill, peakAfterProduct, peakAfterBare, PeakMemory.peakResidentBytes))
        report.print()
        if !report.correct { throw ExitCode.failure }
    }

    /// The two database paths, refusing existing files so every run starts fresh.
    func paths() throws -> (String, String, () -> Void) {
        if let database {
            let url = URL(fileURLWithPath: database)
            let extensionPart = url.pathExtension.isEmpty ? "" : "." + url.pathExtension
            let bare = url.deletingPathExtension().path + "-bare" + extensionPart
            for path in [database, bare] where FileManager.default.fileExists(atPath: path) {
                throw ValidationError("\(path) exists; the benchmark needs a fresh database.")
            }
            return (database, bare, {})
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("obc-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return (
            folder.appendingPathComponent("product.sqlite").path, folder.appendingPathComponent("bare.sqlite").path,
            { try? FileManager.default.removeItem(at: folder) }
        )
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

extension Duration {
    /// Seconds as a Double, for rates.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
