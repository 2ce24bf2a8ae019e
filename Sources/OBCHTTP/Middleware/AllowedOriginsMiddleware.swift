import HTTPTypes
import Hummingbird

/// CORS for the origins an operator lists, and for no one else: a preflight from a listed
/// origin is answered, and responses to it carry `Access-Control-Allow-Origin`. Requests from
/// any other origin get no CORS headers at all, so browsers keep other pages out.
struct AllowedOriginsMiddleware<Context: RequestContext>: RouterMiddleware {
    let origins: Set<String>

    init(origins: [String]) {
        self.origins = Set(origins.map(Self.normalise))
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = request.headers[.origin], origins.contains(Self.normalise(origin)) else {
            return try await next(request, context)
        }
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            var headers: HTTPFields = [
                .accessControlAllowOrigin: origin, .vary: "Origin", .accessControlMaxAge: "600",
                .accessControlAllowMethods: "GET, POST, PUT, DELETE",
            ]
            if let requested = request.headers[.accessControlRequestHeaders] { headers[.accessControlAllowHeaders] = requested }
            return Response(status: .noContent, headers: headers)
        }
        var response = try await next(request, context)
        response.headers[.accessControlAllowOrigin] = origin
        response.headers[.accessControlExposeHeaders] = "Location"
        response.headers.append(HTTPField(name: .vary, value: "Origin"))
        return response
    }

    /// Origins compare without case and without a trailing slash (`https://a.example/`).
    static func normalise(_ origin: String) -> String {
        var text = origin.trimmingCharacters(in: .whitespaces).lowercased()
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
