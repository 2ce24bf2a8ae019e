import Foundation
import OBCCore

/// What one rotation run measured, on either store, and the lines `obc-bench rotation`
/// prints for it; `correct` says whether both loops rotated and verified every object.
struct RotationReport {
    /// One timed loop: how many objects it replaced, in what wall and CPU time.
    struct Phase {
        var label: String
        var objects: Int
        var seconds: Double
        var cpuSeconds: Double
        var rate: Double { Double(objects) / seconds }
    }

    /// A check of a rotated table: objects opened, how many failed, whether all are under the new key.
    struct Verified {
        var objects: Int
        var failures: Int
        var allUnderNewKey: Bool
    }

    var objects: Int
    var targetRate: Double
    var product: Phase
    var bare: Phase
    var summary: KeyRotationService.Summary
    var productVerified: Verified
    var bareVerified: Verified
    /// Peak resident bytes after the fill, the product loop, the bare loop and at the end.
    var peaks: (fill: Int, product: Int, bare: Int, end: Int)

    static let memoryTarget = 200_000_000

    var ratio: Double { product.rate / bare.rate }

    var correct: Bool {
        summary.objects == objects && summary.failures.isEmpty && bare.objects == objects
            && [productVerified, bareVerified].allSatisfy { $0.objects == objects && $0.failures == 0 && $0.allUnderNewKey }
    }

    func print() {
        Swift.print("")
        Swift.print(row(product))
        Swift.print(row(bare))
        Swift.print(String(format: "ratio product/bare: %.2f", ratio))
        Swift.print(
            String(
                format: "CPU of this process (user + system, both cores): product %.2f s (%.1f µs an object), bare %.2f s (%.1f µs an object)",
                product.cpuSeconds, product.cpuSeconds / Double(max(product.objects, 1)) * 1e6, bare.cpuSeconds,
                bare.cpuSeconds / Double(max(bare.objects, 1)) * 1e6))
        Swift.print(
            "rotate summary: \(summary.objects) rotated, \(summary.failures.count) failed, \(String(format: "%.2f", summary.seconds)) s inside rotate"
        )
        Swift.print(line("product", productVerified))
        Swift.print(line("bare", bareVerified))
        Swift.print(
            "peak resident memory (getrusage ru_maxrss, whole process incl. fill and verify): \(PeakMemory.megabytes(peaks.end)); "
                + "after fill \(PeakMemory.megabytes(peaks.fill)), after product rotation \(PeakMemory.megabytes(peaks.product)), after bare loop \(PeakMemory.megabytes(peaks.bare))"
        )
        Swift.print("load average at end: \(Self.loadAverage)")
        Swift.print(
            "targets: ≥\(Int(targetRate)) objects/s \(product.rate >= targetRate ? "met" : "MISSED"), ratio ≥0.5 \(ratio >= 0.5 ? "met" : "MISSED"), peak <200 MB \(peaks.end < Self.memoryTarget ? "met" : "MISSED")"
        )
    }

    func row(_ phase: Phase) -> String {
        phase.label.padding(toLength: 38, withPad: " ", startingAt: 0)
            + String(format: "%9d objects  %8.2f s  %9.0f objects/s", phase.objects, phase.seconds, phase.rate)
    }

    func line(_ name: String, _ verified: Verified) -> String {
        "verify \(name) table:".padding(toLength: 22, withPad: " ", startingAt: 0)
            + "\(verified.objects) objects, \(verified.failures) failed; all under the new key: \(verified.allUnderNewKey)"
    }

    /// The lines a run starts with: what it rotates, where, and the machine's load.
    static func printHeader(objects: Int, batchSize: Int, places: [String]) {
        Swift.print(
            "obc-bench rotation: \(objects) objects, \(PlaintextGenerator.sizes.lowerBound)–\(PlaintextGenerator.sizes.upperBound)-byte plaintexts, batch size \(batchSize)"
        )
        for place in places { Swift.print(place) }
        Swift.print("load average at start: \(loadAverage)")
    }

    /// The 1, 5 and 15 minute load averages, since other processes on the machine skew rates.
    static var loadAverage: String {
        ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "unavailable").split(separator: " ").prefix(3).joined(separator: " ")
    }
}
