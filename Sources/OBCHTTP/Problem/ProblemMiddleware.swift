import Hummingbird
import Logging
import OBCCore
import OBCPluginAPI

/// Turns every error into `application/problem+json`: core errors keep their meaning, the
/// framework's own (unknown route, body too large) keep their status, and anything else is
/// logged and answered as a 500 without internals. Whatever a problem's text held that a
/// caller must not see (a source path, a server file, a type name) is removed and logged.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as OBCError {
            if error.kind == .internal || error.kind == .tampering {
                context.logger.error("\(request.method) \(request.uri.path) failed: \(error.description)")
            } else if error.kind == .unavailable {
                context.logger.warning("\(request.method) \(request.uri.path) answered 503: \(error.description)")
            } else if error.cause != nil {
                context.logger.notice("\(request.method) \(request.uri.path) refused: \(error.description)")
            }
            return respond(ProblemDetails(error, instance: request.uri.path), request, context)
        } catch let error as InvalidFields {
            var problem = ProblemDetails(error.problemError, instance: request.uri.path)
            problem.errors = error.faults
            return respond(problem, request, context)
        } catch let error as HTTPError {
            let detail =
                error.body ?? (error.status == .notFound ? "No route matches \(request.method) \(request.uri.path)." : error.status.reasonPhrase)
            let problem = ProblemDetails(title: error.status.reasonPhrase, status: error.status.code, detail: detail, instance: request.uri.path)
            return respond(problem, request, context)
        } catch let error as any HTTPResponseError {
            let problem = ProblemDetails(
                title: error.status.reasonPhrase, status: error.status.code, detail: error.status.reasonPhrase, instance: request.uri.path)
            return respond(problem, request, context)
        } catch {
            context.logger.error("\(request.method) \(request.uri.path) failed: \(String(reflecting: error))")
            let problem = ProblemDetails(
                title: "Internal Server Error",
                status: 500,
                detail: "The server could not complete the request; the failure is in its log.",
                instance: request.uri.path
            )
            return respond(problem, request, context)
        }
    }

    private func respond(_ problem: ProblemDetails, _ request: Request, _ context: Context) -> Response {
        let (clean, removed) = problem.scrubbed()
        if let removed {
            context.logger.warning(
                "\(request.method) \(request.uri.path) answered \(problem.status); internal details kept from the caller: \(removed)")
        }
        return clean.response()
    }
}
