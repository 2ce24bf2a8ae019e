import Foundation
import Hummingbird
import OBCCore
import OBCPluginAPI

/// Interactive API docs. Swagger UI is not vendored: the page loads a pinned copy from a CDN,
/// or, when `assetsDirectory` is set, a local copy served here. The page is never blank: a
/// wrong folder, or scripts that fail to load, show what happened and how to fix it.
struct SwaggerController {
    static let pinnedVersion = "5.17.14"
    let document: JSONValue
    let assetsDirectory: String?

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/", use: redirect)
        router.get("/swagger", use: redirect)
        router.get("/swagger/index.html", use: index)
        // Encoded once: the document is fixed for the life of the router.
        let encoded = ByteBuffer(bytes: document.jsonData())
        router.get("/swagger/v1/swagger.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: encoded))
        }
        if assetsDirectory != nil {
            router.get("/swagger/assets/{asset}", use: asset)
        }
    }

    @Sendable func redirect(request: Request, context: AppRequestContext) async throws -> Response {
        Response(status: .found, headers: [.location: "/swagger/index.html"])
    }

    @Sendable func index(request: Request, context: AppRequestContext) async throws -> Response {
        let html: String
        if let assetsDirectory, let problem = SwaggerAssets.problem(in: assetsDirectory, showingFolder: false) {
            html = SwaggerPage.problem(problem)
        } else {
            let base = assetsDirectory == nil ? "https://unpkg.com/swagger-ui-dist@\(Self.pinnedVersion)" : "/swagger/assets"
            html = SwaggerPage.ui(base: base, local: assetsDirectory != nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    @Sendable func asset(request: Request, context: AppRequestContext) async throws -> Response {
        let name = context.parameters.get("asset") ?? ""
        guard let directory = assetsDirectory, SwaggerAssets.names.contains(name),
            let data = FileManager.default.contents(atPath: "\(directory)/\(name)")
        else {
            throw OBCError(.notFound, "No Swagger UI asset named '\(name)' is served.")
        }
        let type = name.hasSuffix(".css") ? "text/css; charset=utf-8" : "application/javascript; charset=utf-8"
        return Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
