import HTTPTypes
import Hummingbird

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
