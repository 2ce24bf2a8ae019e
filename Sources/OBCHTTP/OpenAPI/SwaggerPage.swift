/// The HTML of the docs page: Swagger UI, with a fallback that replaces the blank page when
/// its scripts cannot load, or a page that says what is wrong with the local copy.
enum SwaggerPage {
    static let title = "OpenBankingConnector Management API"

    static func ui(base: String, local: Bool) -> String {
        let cause =
            local
            ? "The local Swagger UI copy at \(base) did not load."
            : "Swagger UI could not be loaded from \(base) (no internet access, or the CDN is blocked)."
        let fix = "Serve a local copy: \(SwaggerAssets.howToInstall). The OpenAPI document itself is at /swagger/v1/swagger.json."
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>\(title)</title>
            <link rel="stylesheet" href="\(base)/swagger-ui.css"></head>
            <body><div id="swagger-ui"><noscript>Swagger UI needs JavaScript. The OpenAPI document is at /swagger/v1/swagger.json.</noscript></div>
            <script src="\(base)/swagger-ui-bundle.js"></script>
            <script>
            if (typeof SwaggerUIBundle === "undefined") {
              var box = document.getElementById("swagger-ui");
              box.innerHTML = "<h1>API documentation unavailable</h1><p id='obc-docs-problem'></p><p id='obc-docs-fix'></p>";
              document.getElementById("obc-docs-problem").textContent = \(jsString(cause));
              document.getElementById("obc-docs-fix").textContent = \(jsString(fix));
            } else {
              window.ui = SwaggerUIBundle({ url: "/swagger/v1/swagger.json", dom_id: "#swagger-ui", persistAuthorization: true });
            }
            </script>
            </body></html>
            """
    }

    static func problem(_ text: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><title>\(title)</title></head>
        <body><h1>API documentation unavailable</h1><p id="obc-docs-problem">\(escaped(text))</p>
        <p>The OpenAPI document itself is at <a href="/swagger/v1/swagger.json">/swagger/v1/swagger.json</a>.</p></body></html>
        """
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// A JavaScript string literal (JSON's escaping is valid JavaScript).
    static func jsString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "<": out += "\\u003c"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
