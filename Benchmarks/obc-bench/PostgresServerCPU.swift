import Foundation

/// CPU seconds (user + system) of a throwaway cluster's server processes: the postmaster and
/// its children (backends, checkpointer, WAL writer), read from `/proc`, so a phase's cost can be
/// split between this process and the server sharing the machine's cores.
struct PostgresServerCPU {
    let postmaster: Int32

    /// The cluster whose data folder is `dataDirectory`, if its postmaster is running here.
    init?(dataDirectory: String) {
        guard let text = try? String(contentsOfFile: "\(dataDirectory)/postmaster.pid", encoding: .utf8),
            let first = text.split(separator: "\n").first, let pid = Int32(first)
        else { return nil }
        postmaster = pid
    }

    /// CPU ticks of each live server process now.
    func snapshot() -> [Int32: Int] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        let processes = entries.compactMap(Int32.init).compactMap(Self.stat).filter { $0.pid == postmaster || $0.parent == postmaster }
        return Dictionary(processes.map { ($0.pid, $0.ticks) }, uniquingKeysWith: max)
    }

    /// The CPU seconds server processes used since `start`: processes started since count in
    /// full, ones that exited since (the previous phase's backends) are left out.
    func seconds(since start: [Int32: Int]) -> Double {
        let ticks = snapshot().reduce(0) { $0 + $1.value - (start[$1.key] ?? 0) }
        return Double(ticks) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Fields of `/proc/PID/stat` after the command name: state is the first, parent the second,
    /// user and system time the 12th and 13th.
    private static func stat(_ pid: Int32) -> (pid: Int32, parent: Int32, ticks: Int)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let parent = Int32(fields[1]), let user = Int(fields[11]), let system = Int(fields[12]) else { return nil }
        return (pid, parent, user + system)
    }
}
