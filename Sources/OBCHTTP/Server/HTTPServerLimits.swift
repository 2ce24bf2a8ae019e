import HummingbirdCore
import NIOCore

/// How long the server waits on a client: `idleTimeout` for a connection on which nothing
/// arrives (a keep-alive connection between requests, or a request head that never ends), and
/// `readTimeout` for reading one request from its head to the last byte of its body.
public struct HTTPServerLimits: Sendable, Equatable {
    public static let defaultIdleTimeout: Duration = .seconds(60)
    public static let defaultReadTimeout: Duration = .seconds(30)

    public var idleTimeout: Duration
    public var readTimeout: Duration

    public init(idleTimeout: Duration = Self.defaultIdleTimeout, readTimeout: Duration = Self.defaultReadTimeout) {
        self.idleTimeout = idleTimeout
        self.readTimeout = readTimeout
    }

    /// An HTTP/1.1 server that applies these limits.
    public var serverBuilder: HTTPServerBuilder {
        let idle = Self.timeAmount(idleTimeout)
        let read = Self.timeAmount(readTimeout)
        return .http1(configuration: .init(additionalChannelHandlers: [RequestReadDeadlineHandler(timeout: read)], idleTimeout: idle))
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
