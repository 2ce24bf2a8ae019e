import Foundation

/// Runs `body`, then awaits `cleanup` whether `body` returned or threw. `body`'s error is the
/// one rethrown, unchanged; a cleanup that fails after it is written to standard error beside it.
/// A cleanup that fails after a successful body fails the test: a leaked process or port is visible.
public func withAwaitedCleanup<Result>(
    _ body: () async throws -> Result, cleanup: () async throws -> Void
) async throws -> Result {
    let result: Result
    do {
        result = try await body()
    } catch {
        do {
            try await cleanup()
        } catch let cleanupError {
            FileHandle.standardError.write(Data("cleanup after a failed test failed too: \(cleanupError)\n".utf8))
        }
        throw error
    }
    try await cleanup()
    return result
}

/// Whether 127.0.0.1:`port` stops accepting connections within `seconds` (a server that was
/// stopped closes its listening socket on its event loop, shortly after its task ends).
public func closes(port: Int, within seconds: Double = 10) async -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while acceptsConnections(port: port) {
        guard Date() < deadline else { return false }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return true
}

/// Whether something accepts TCP connections on 127.0.0.1:`port` (to check a server stopped).
public func acceptsConnections(port: Int) -> Bool {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socket >= 0 else { return false }
    defer { close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    return connected == 0
}
