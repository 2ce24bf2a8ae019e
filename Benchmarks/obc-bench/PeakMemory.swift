import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Resident memory of this process, to check that rotation streams objects instead of
/// loading them all.
enum PeakMemory {
    /// The high-water mark of resident memory since the process started (getrusage
    /// `ru_maxrss`), in bytes. It covers the whole process: fill, both loops and verify.
    static var peakResidentBytes: Int {
        guard let usage = usage() else { return 0 }
        #if canImport(Darwin)
            return Int(usage.ru_maxrss)  // bytes on Darwin
        #else
            return Int(usage.ru_maxrss) * 1024  // kilobytes on Linux
        #endif
    }

    /// User plus system CPU seconds this process has used, so a phase's rate can be read
    /// against the CPU it took (the machine is shared; wall time alone varies).
    static var cpuSeconds: Double {
        guard let usage = usage() else { return 0 }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    private static func usage() -> rusage? {
        var usage = rusage()
        #if canImport(Glibc)
            let who = __rusage_who_t(RUSAGE_SELF.rawValue)
        #else
            let who = RUSAGE_SELF
        #endif
        return getrusage(who, &usage) == 0 ? usage : nil
    }

    /// Formats bytes as MiB for the report.
    static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f MiB", Double(bytes) / 1_048_576)
    }
}
