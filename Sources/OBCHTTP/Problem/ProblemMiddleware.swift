import Hummingbird
import Logging
import OBCCore

/// Turns every error into `application/problem+json`: core errors keep their meaning, the
/// framework's own (unknown route, body too large) keep their status, and anything else is
/// logged and answered as a 500 without internals.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as OBCError {
            if error.kind == .internal || error.kind == .tampering {
                context.logger.error("\(request.method) \(request.uri.path) failed: \(error.detail)")
            }
            return ProblemDetails(error, instance: request.uri.path).response()
        } catch let error as HTTPError {
            let detail =
                error.body ?? (error.status == .notFound ? "No route matches \(request.method) \(request.uri.path)." : error.status.reasonPhrase)
            return ProblemDetails(title: error.status.reasonPhrase, status: error.status.code, detail: detail, instance: request.uri.path).response()
        } catch {
            context.logger.error("\(request.method) \(request.uri.path) failed: \(String(reflecting: error))")
            return ProblemDetails(
                title: "Internal Server Error",
                status: 500,
                detail: "The server could not complete the request; the failure is in its log.",
                instance: request.uri.path
            ).response()
        }
    }
}
