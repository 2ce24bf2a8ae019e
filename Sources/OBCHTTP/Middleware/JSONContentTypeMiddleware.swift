import Hummingbird

/// Refuses, with 415, every request body that is not `application/json` (optionally with
/// `charset=utf-8`), before any route reads it. A web page can send `text/plain`, form and
/// multipart bodies to any origin without a CORS preflight; requiring JSON closes that door.
struct JSONContentTypeMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard Self.carriesBody(request) else { return try await next(request, context) }
        guard let contentType = request.headers[.contentType] else {
            throw HTTPError(
                .unsupportedMediaType,
                message: "The request has no Content-Type; send the body as application/json (charset utf-8 if any)."
            )
        }
        guard JSONMediaType.accepts(contentType) else {
            let shown = contentType.count > 100 ? String(contentType.prefix(100)) + "…" : contentType
            throw HTTPError(
                .unsupportedMediaType,
                message: "The Content-Type '\(shown)' is not supported; send the body as application/json (charset utf-8 if any)."
            )
        }
        return try await next(request, context)
    }

    /// POST, PUT and PATCH always carry a body here; any other method does when it says so.
    static func carriesBody(_ request: Request) -> Bool {
        if [.post, .put, .patch].contains(request.method) { return true }
        if let length = request.headers[.contentLength] { return length != "0" }
        return request.headers[.transferEncoding] != nil
    }
}

/// The one media type request bodies may have.
enum JSONMediaType {
    /// True for `application/json`, alone or with `charset=utf-8` (any case, optionally quoted).
    static func accepts(_ contentType: String) -> Bool {
        let parts = contentType.split(separator: ";", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard parts.first == "application/json" else { return false }
        for parameter in parts.dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0] == "charset" else { return false }
            let value = pair[1].hasPrefix("\"") && pair[1].hasSuffix("\"") && pair[1].count >= 2 ? String(pair[1].dropFirst().dropLast()) : pair[1]
            guard value == "utf-8" else { return false }
        }
        return true
    }
}
