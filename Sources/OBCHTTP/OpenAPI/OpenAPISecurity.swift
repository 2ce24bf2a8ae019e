import OBCCore
import OBCPluginAPI

/// Declares the API-key scheme in the OpenAPI document when keys are required, so Swagger
/// UI's Authorize button asks for one and sends it on every "Try it out".
enum OpenAPISecurity {
    static func declaringAPIKeys(in document: JSONValue, openProbes: Bool) -> JSONValue {
        guard case .object(var root) = document else { return document }
        var components = root["components"]?.objectValue ?? [:]
        components["securitySchemes"] = .object([
            "ApiKey": .object([
                "type": "apiKey", "in": "header", "name": "X-API-Key", "description": "A management API key (or send it as a Bearer token).",
            ]),
            "Bearer": .object(["type": "http", "scheme": "bearer", "description": "A management API key as a Bearer token."]),
        ])
        root["components"] = .object(components)
        root["security"] = .array([.object(["ApiKey": .array([])]), .object(["Bearer": .array([])])])
        var paths = root["paths"]?.objectValue ?? [:]
        for (path, item) in paths {
            guard case .object(var operations) = item else { continue }
            let open = path == "/" || path == "/swagger" || path.hasPrefix("/swagger/") || (openProbes && isProbe(path))
            for (method, operation) in operations {
                guard case .object(var described) = operation else { continue }
                if open {
                    described["security"] = .array([])
                } else {
                    var responses = described["responses"]?.objectValue ?? [:]
                    responses["401"] = .object([
                        "description": "No API key, or a wrong one",
                        "content": .object(["application/problem+json": .object(["schema": .object(["$ref": "#/components/schemas/ProblemDetails"])])]
                        ),
                    ])
                    described["responses"] = .object(responses)
                }
                operations[method] = .object(described)
            }
            paths[path] = .object(operations)
        }
        root["paths"] = .object(paths)
        return .object(root)
    }

    static func isProbe(_ path: String) -> Bool {
        path.hasPrefix("/health/") || path == "/healthz" || path == "/metrics"
    }
}
