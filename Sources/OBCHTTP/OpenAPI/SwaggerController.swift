import Foundation
import Hummingbird
import OBCCore

/// Interactive API docs. Swagger UI is not vendored: the page loads a pinned copy from a CDN,
/// or, when `assetsDirectory` is set, from a local `swagger-ui-dist` install served here.
struct SwaggerController {
    static let pinnedVersion = "5.17.14"
    static let assetNames = ["swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js"]
    let document: JSONValue
    let assetsDirectory: String?

    func addRoutes(to router: Router<AppRequestContext>) {
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

    @Sendable func index(request: Request, context: AppRequestContext) async throws -> Response {
        let base = assetsDirectory == nil ? "https://unpkg.com/swagger-ui-dist@\(Self.pinnedVersion)" : "/swagger/assets"
        let html = """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>OpenBankingConnector Management API</title>
            <link rel="stylesheet" href="\(base)/swagger-ui.css"></head>
            <body><div id="swagger-ui"></div>
            <script src="\(base)/swagger-ui-bundle.js"></script>
            <script>window.ui = SwaggerUIBundle({ url: "/swagger/v1/swagger.json", dom_id: "#swagger-ui" });</script>
            </body></html>
            """
        return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    @Sendable func asset(request: Request, context: AppRequestContext) async throws -> Response {
        let name = context.parameters.get("asset") ?? ""
        guard let directory = assetsDirectory, Self.assetNames.contains(name),
            let data = FileManager.default.contents(atPath: "\(directory)/\(name)")
        else {
            throw OBCError(.notFound, "No Swagger UI asset named '\(name)' is served.")
        }
        let type = name.hasSuffix(".css") ? "text/css" : "application/javascript"
        return Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
