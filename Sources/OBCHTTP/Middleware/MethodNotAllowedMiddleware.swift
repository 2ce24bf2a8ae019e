import HTTPTypes
import Hummingbird
import Synchronization

/// Answers 405 with `Allow` when the path is served but not with the request's method, before
/// any Content-Type check (a PATCH with a text body is a wrong method, not a wrong media type).
/// It acts only on requests no route matched (`endpointPath` unset), so served routes pay nothing.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    let table: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.endpointPath == nil else { return try await next(request, context) }
        let allowed = table.methods(serving: request.uri.path)
        guard !allowed.isEmpty, !allowed.contains(request.method) else { return try await next(request, context) }
        let allow = allowed.map(\.rawValue).sorted().joined(separator: ", ")
        let problem = ProblemDetails(
            title: "Method Not Allowed", status: 405, detail: "\(request.uri.path) does not serve \(request.method); it serves \(allow).",
            instance: request.uri.path)
        var response = problem.response()
        response.headers[.allow] = allow
        return response
    }
}

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
