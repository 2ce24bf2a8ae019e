import Foundation

/// The kernel's count of outgoing TCP connections (`Tcp: ActiveOpens` in `/proc/net/snmp`),
/// so the benchmark reports how many connections, hence TLS handshakes, a phase really
/// opened instead of assuming. The counter is machine-wide: other processes' connections
/// count too, so a phase's figure is an upper bound for this process. Linux only.
enum TCPActiveOpens {
    /// The current value, or nil where `/proc/net/snmp` does not exist.
    static func current() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/net/snmp", encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n").filter { $0.hasPrefix("Tcp:") }
        guard lines.count >= 2 else { return nil }
        let names = lines[0].split(separator: " ")
        let values = lines[1].split(separator: " ")
        guard let index = names.firstIndex(of: "ActiveOpens"), index < values.count else { return nil }
        return Int(values[index])
    }

    /// Connections opened between two readings, or nil when either is missing.
    static func opened(since before: Int?) -> Int? {
        guard let before, let now = current() else { return nil }
        return now - before
    }
}
