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

    static let key1Name = "OpenBankingConnector:Keys:Encryption:Key1"
    static let key2Name = "OpenBankingConnector:Keys:Encryption:Key2"
    /// Objects per fill transaction: big enough to fill quickly, small enough to stream.
    static let fillBatch = 5_000

    func validate() throws {
        guard objects >= 1 else { throw ValidationError("--objects must be at least 1.") }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1.") }
    }

    func run() async throws {
        let (productPath, barePath, cleanUp) = try paths()
        defer { cleanUp() }
        // Two fresh keys for this run only, published the way a deployment publishes them.
        let key1 = SymmetricKey(size: .bits256)
        let key2 = SymmetricKey(size: .bits256)
        var environment = ProcessInfo.processInfo.environment
        environment[Self.key1Name.replacingOccurrences(of: ":", with: "__")] = key1.withUnsafeBytes { Data($0).base64EncodedString() }
        environment[Self.key2Name.replacingOccurrences(of: ":", with: "__")] = key2.withUnsafeBytes { Data($0).base64EncodedString() }
        func runtime(_ path: String) throws -> OBCRuntime {
            try OBCRuntime(settings: AppSettings(flags: [AppSettings.databasePathKey: path], environment: environment))
        }

        print(
            "obc-bench rotation: \(objects) objects, \(PlaintextGenerator.sizes.lowerBound)–\(PlaintextGenerator.sizes.upperBound)-byte plaintexts, batch size \(batchSize)"
        )
        print("product database: \(productPath)")
        print("bare database:    \(barePath)")
        print("load average at start: \(Self.loadAverage)")

        // Fill (not measured): the same sealed objects into both files, streamed in batches.
        let clock = ContinuousClock()
        let fillStart = clock.now
        let product = try runtime(productPath)
        let bare = try runtime(barePath)
        let productKey1 = try await product.services.encryptionKeyDescriptions.create(
            .init(key: SecretDescription(name: Self.key1Name), setAsCurrent: true))
        let bareKey1 = try await bare.services.encryptionKeyDescriptions.create(
            .init(key: SecretDescription(name: Self.key1Name), setAsCurrent: true))
        var generator = PlaintextGenerator(seed: seed)
        var batch: [EncryptedObject] = []
        batch.reserveCapacity(Self.fillBatch)
        var plaintextBytes = 0
        let date = Date()
        for index in 0..<objects {
            let plaintext = generator.next()
            plaintextBytes += plaintext.count
            batch.append(
                try SecretSealer.seal(
                    plaintext, id: UUID(), owner: UUID(), purpose: .clientSecret, keyId: productKey1.id, key: key1, created: date, modified: date))
            if batch.count == Self.fillBatch || index == objects - 1 {
                try await product.store.encryptedObjects.insert(contentsOf: batch)
                for position in batch.indices { batch[position].keyDescriptionId = bareKey1.id }
                try await bare.store.encryptedObjects.insert(contentsOf: batch)
                batch.removeAll(keepingCapacity: true)
                if (index + 1) % 100_000 == 0 { printError("filled \(index + 1)") }
            }
        }
        batch = []
        _ = try await product.services.encryptionKeyDescriptions.create(.init(key: SecretDescription(name: Self.key2Name), setAsCurrent: true))
        let bareKey2 = try await bare.services.encryptionKeyDescriptions.create(
            .init(key: SecretDescription(name: Self.key2Name), setAsCurrent: true))
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
            newKeyId: bareKey2.id.lowercasedText, oldKey: key1, newKey: key2,
            batchSize: batchSize, order: bareOrder)
        let bareObjects = try bareLoop.run(path: barePath)
        let bareSeconds = (clock.now - bareStart).seconds
        let bareCPU = PeakMemory.cpuSeconds - bareCPUStart
        let peakAfterBare = PeakMemory.peakResidentBytes

        // Check both results with the product's verify: every object opens, under the new key.
        func check(_ path: String) async throws -> (KeyRotationService.Summary, [UUID: Int]) {
            let checking = try runtime(path)
            defer { try? (checking.store as? SQLiteStore)?.close() }
            return (try await checking.services.keyRotation.verify(), try await checking.store.encryptedObjects.countByKey())
        }
        let (productVerify, productCounts) = try await check(productPath)
        let (bareVerify, bareCounts) = try await check(barePath)
        let peak = PeakMemory.peakResidentBytes

        let productRate = Double(summary.objects) / productSeconds
        let bareRate = Double(bareObjects) / bareSeconds
        let ratio = productRate / bareRate
        print("")
        print(row("product (KeyRotationService.rotate)", summary.objects, productSeconds, productRate))
        print(row("bare (GRDB + AES.GCM, \(bareOrder.rawValue) order)", bareObjects, bareSeconds, bareRate))
        print(String(format: "ratio product/bare: %.2f", ratio))
        print(
            String(
                format: "CPU (user + system, both cores): product %.2f s (%.1f µs an object), bare %.2f s (%.1f µs an object)", productCPU,
                productCPU / Double(max(summary.objects, 1)) * 1e6, bareCPU, bareCPU / Double(max(bareObjects, 1)) * 1e6))
        print(
            "rotate summary: \(summary.objects) rotated, \(summary.failures.count) failed, \(String(format: "%.2f", summary.seconds)) s inside rotate"
        )
        print(
            "verify product database: \(productVerify.objects) objects, \(productVerify.failures.count) failed; all under the new key: \(productCounts.count == 1)"
        )
        print(
            "verify bare database:    \(bareVerify.objects) objects, \(bareVerify.failures.count) failed; all under the new key: \(bareCounts[bareKey2.id] == objects && bareCounts.count == 1)"
        )
        print(
            "peak resident memory (getrusage ru_maxrss, whole process incl. fill and verify): \(PeakMemory.megabytes(peak)); "
                + "after fill \(PeakMemory.megabytes(peakAfterFill)), after product rotation \(PeakMemory.megabytes(peakAfterProduct)), after bare loop \(PeakMemory.megabytes(peakAfterBare))"
        )
        print("load average at end: \(Self.loadAverage)")
        print(
            "targets: ≥100000 objects/s \(productRate >= 100_000 ? "met" : "MISSED"), ratio ≥0.5 \(ratio >= 0.5 ? "met" : "MISSED"), peak <200 MB \(peak < 200_000_000 ? "met" : "MISSED")"
        )
        let correct =
            summary.objects == objects && summary.failures.isEmpty && bareObjects == objects && productVerify.failures.isEmpty
            && bareVerify.failures.isEmpty && productVerify.objects == objects && bareVerify.objects == objects && productCounts.count == 1
            && bareCounts.count == 1
        if !correct { throw ExitCode.failure }
    }

    /// The 1, 5 and 15 minute load averages, since other processes on the machine skew rates.
    static var loadAverage: String {
        ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "unavailable").split(separator: " ").prefix(3).joined(separator: " ")
    }

    func row(_ label: String, _ count: Int, _ seconds: Double, _ rate: Double) -> String {
        label.padding(toLength: 38, withPad: " ", startingAt: 0) + String(format: "%9d objects  %8.2f s  %9.0f objects/s", count, seconds, rate)
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
