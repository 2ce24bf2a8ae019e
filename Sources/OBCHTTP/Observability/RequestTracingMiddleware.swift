import Hummingbird
import OBCObservability

/// Hummingbird's `TracingMiddleware` (the request's server span, a caller's `traceparent`
/// honoured) while a tracer is bootstrapped; otherwise the request goes straight on, since a
/// no-op span still cost its attributes, a context and a body wrapper on every request.
struct RequestTracingMiddleware<Context: RequestContext>: RouterMiddleware {
    let tracing = TracingMiddleware<Context>()

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard TracingState.isRecording else { return try await next(request, context) }
        return try await tracing.handle(request, context: context, next: next)
    }
}
