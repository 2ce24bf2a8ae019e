import CoreMetrics
import Foundation
import Metrics

/// The standard `process_*` figures. swift-prometheus 2.4.1 ships no process collector, so
/// these are read from `/proc/self` at each scrape (Linux; absent elsewhere).
struct ProcessMetrics: Sendable {
    let start = Date()

    func update(factory: any MetricsFactory) {
        Gauge(label: "process_start_time_seconds", factory: factory).record(start.timeIntervalSince1970)
        if let files = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
            Gauge(label: "process_open_fds", factory: factory).record(files.count)
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
            Gauge(label: "process_cpu_seconds_total", factory: factory).record((user + system) / ticks)
        }
        if let virtual = field(23) { Gauge(label: "process_virtual_memory_bytes", factory: factory).record(virtual) }
        if let resident = field(24) { Gauge(label: "process_resident_memory_bytes", factory: factory).record(resident * page) }
    }
}
