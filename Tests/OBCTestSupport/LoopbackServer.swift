import Hummingbird
import Logging

/// Runs `router` on a free loopback port for the duration of `body`, which gets its base URL
/// (`http://127.0.0.1:<port>`), standing in for a peer: a failing OB Directory, the ECS
/// credentials agent, EC2 instance metadata, SSM or an OTLP receiver. The server is stopped and
/// awaited afterwards, whether `body` returned or threw; `body`'s own error is the one rethrown.
public func withLoopbackServer<Result: Sendable>(
    _ router: Router<BasicRequestContext>, label: String = "loopback-server",
    _ body: @Sendable (_ baseURL: String) async throws -> Result
) async throws -> Result {
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    var logger = Logger(label: label)
    logger.logLevel = .critical
    let app = Application(
        router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in
            continuation.yield(channel.localAddress?.port ?? 0)
            continuation.finish()
        }, logger: logger)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else { throw FixtureError(message: "\(label) did not start") }
        let outcome: Swift.Result<Result, any Error>
        do {
            outcome = .success(try await body("http://127.0.0.1:\(port)"))
        } catch {
            outcome = .failure(error)
        }
        group.cancelAll()
        while (try? await group.next()) != nil {}
        return try outcome.get()
    }
}
