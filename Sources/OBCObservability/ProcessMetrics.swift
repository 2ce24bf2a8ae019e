import Foundation
import Synchronization

/// The standard `process_*` figures. swift-prometheus 2.4.1 ships no process collector, so
/// these are read from `/proc/self` at each scrape (Linux; absent elsewhere). CPU time is a
/// counter, advanced by what the process used since the previous scrape.
final class ProcessMetrics: Sendable {
    let start = Date()
    private let cpuCounted = Mutex<Double>(0)

    func update(_ metrics: ObservabilityMetrics) {
        metrics.gauge(.processStartTime, []).set(start.timeIntervalSince1970)
        if let files = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
            metrics.gauge(.processOpenFDs, []).set(Double(files.count))
        }
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return }
        // Fields after the command name: state is field 3; utime 14, stime 15, vsize 23, rss 24 (in pages).
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        func field(_ number: Int) -> Double? { fields.count > number - 3 ? Double(fields[number - 3]) : nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let page = Double(sysconf(Int32(_SC_PAGESIZE)))
        if let user = field(14), let system = field(15), ticks > 0 {
            let total = (user + system) / ticks
            let increase = cpuCounted.withLock { counted in
                defer { counted = max(counted, total) }
                return max(0, total - counted)
            }
            metrics.counter(.processCPU, []).increment(by: increase)
        }
        if let virtual = field(23) { metrics.gauge(.processVirtualMemory, []).set(virtual) }
        if let resident = field(24) { metrics.gauge(.processResidentMemory, []).set(resident * page) }
    }
}
