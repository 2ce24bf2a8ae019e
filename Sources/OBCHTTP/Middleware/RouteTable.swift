import HTTPTypes
import Hummingbird
import Synchronization

/// The router's routes, read once every route is added (`fill(from:)`), for the middleware above.
final class RouteTable: Sendable {
    private let routes = Mutex<[(path: RouterPath, method: HTTPRequest.Method)]>([])

    func fill<Context>(from router: Router<Context>) {
        let described = router.routes.map { (path: $0.path, method: $0.method) }
        routes.withLock { $0 = described }
    }

    /// The methods of every route whose template matches `path`.
    func methods(serving path: String) -> Set<HTTPRequest.Method> {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        return routes.withLock { routes in
            Set(
                routes.filter { route in
                    route.path.components.count == segments.count && zip(route.path.components, segments).allSatisfy { $0 ~= $1 }
                }.map(\.method))
        }
    }
}
