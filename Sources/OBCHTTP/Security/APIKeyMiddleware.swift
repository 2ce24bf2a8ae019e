import Foundation
import HTTPTypes
import Hummingbird
import OBCCore

/// Requires an API key, as `Authorization: Bearer <key>` or `X-API-Key: <key>`, on every
/// route except the docs and, when configured so, the probes and `/metrics`. A missing or
/// wrong key gets the same 401 problem document, which names no key.
struct APIKeyMiddleware<Context: RequestContext>: RouterMiddleware {
    let verifier: APIKeyVerifier
    let openProbes: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if isOpen(request.uri.path) { return try await next(request, context) }
        guard let presented = Self.presentedKey(request.headers), verifier.accepts(presented) else {
            var response = ProblemDetails(
                title: "Unauthorized", status: 401,
                detail: "This API needs an API key: send it as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'.",
                instance: request.uri.path
            ).response()
            response.headers[.wwwAuthenticate] = "Bearer"
            return response
        }
        return try await next(request, context)
    }

    func isOpen(_ path: String) -> Bool {
        if path == "/" || path == "/swagger" || path.hasPrefix("/swagger/") { return true }
        return openProbes && RequestObservationMiddleware<Context>.isProbe(path)
    }

    static func presentedKey(_ headers: HTTPFields) -> String? {
        if let key = headers[.apiKey], !key.isEmpty { return key }
        guard let authorization = headers[.authorization] else { return nil }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1]).trimmingCharacters(in: .whitespaces)
    }
}

extension HTTPField.Name {
    static let apiKey = Self("X-API-Key")!
}
