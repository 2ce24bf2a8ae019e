import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// A bare Hummingbird router with no middleware, serving fixed bytes from memory at each path
/// it is given: the yardstick `obc-bench http` holds the connector's routes against.
struct BareRouteServer: Sendable {
    let baseURL: String
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    /// Serves each `path` with its body as `application/json`.
    static func start(bodies: [String: ByteBuffer]) async throws -> BareRouteServer {
        let router = Router()
        for (path, body) in bodies {
            router.get(RouterPath(path)) { _, _ in
                Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
            }
        }
        let port = try await RegistrationBenchEnvironment.freeLoopbackPort()
        var logger = Logger(label: "obc-bench.bare")
        logger.logLevel = .critical
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: logger)
        let group = ServiceGroup(services: [app], logger: logger)
        let task = Task { try await group.run() }
        return BareRouteServer(baseURL: "http://127.0.0.1:\(port)", group: group, task: task)
    }

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }
}
