import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A loopback listener that accepts each connection and resets it at once (close with
/// `SO_LINGER` 0 sends RST), as a crashing or overloaded peer does. ``stop()`` closes it.
public final class ResettingListener: Sendable {
    public let port: Int
    private let descriptor: Int32

    public init() throws {
        let port = try ClosedPort.make()
        #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw ClosedPort.Unavailable() }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            close(fd)
            throw ClosedPort.Unavailable()
        }
        self.port = port
        self.descriptor = fd
        Thread.detachNewThread {
            while true {
                let connection = accept(fd, nil, nil)
                guard connection >= 0 else {
                    close(fd)
                    return
                }
                var reset = linger(l_onoff: 1, l_linger: 0)
                setsockopt(connection, SOL_SOCKET, SO_LINGER, &reset, socklen_t(MemoryLayout<linger>.size))
                close(connection)
            }
        }
    }

    /// Stops accepting; the accepting thread then closes the socket (closing it here could
    /// let another socket reuse the descriptor while that thread still accepts on it).
    public func stop() {
        shutdown(descriptor, Int32(SHUT_RDWR))
    }
}
