import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The fake Google Cloud's handlers: `POST /token`, `GET /v1/{name}:access`, and the metadata
/// server's token. Error bodies follow Google's shapes: OAuth `{"error", "error_description"}`
/// from the token endpoint, `{"error": {"code", "message", "status"}}` from the API.
struct FakeGoogleRoutes: Sendable {
    let state: FakeGoogleState

    func apiRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("/token") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 16)
            let base = "https://\(request.head.authority ?? "")"
            return token(form: Self.form(String(buffer: body)), audience: base + "/token")
        }
        router.get("/v1/**") { request, _ -> Response in
            try await access(path: request.uri.path, authorization: request.headers[.authorization])
        }
        return router
    }

    func metadataRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/computeMetadata/v1/instance/service-accounts/default/token") { request, _ -> Response in
            state.with { $0.metadataRequests += 1 }
            // The real server refuses requests without the header (a guard against SSRF).
            guard request.headers[HTTPField.Name("Metadata-Flavor")!] == "Google" else {
                return Response(status: .forbidden, body: .init(byteBuffer: ByteBuffer(string: "Missing Metadata-Flavor:Google header.")))
            }
            let (token, lifetime) = state.issueToken()
            var response = Self.json(["access_token": token, "expires_in": Int(lifetime), "token_type": "Bearer"])
            response.headers[HTTPField.Name("Metadata-Flavor")!] = "Google"
            return response
        }
        return router
    }

    // MARK: Token endpoint

    func token(form: [String: String], audience: String) -> Response {
        state.with { $0.tokenRequests += 1 }
        let verdict: String?
        switch form["grant_type"] {
        case "urn:ietf:params:oauth:grant-type:jwt-bearer":
            verdict = JWTAssertionCheck(audience: audience).problem(with: form["assertion"] ?? "", state: state)
        case "refresh_token":
            let known =
                form["client_id"] == FakeGoogleCloud.userClientId && form["client_secret"] == FakeGoogleCloud.userClientSecret
                && form["refresh_token"] == FakeGoogleCloud.userRefreshToken
            verdict = known ? nil : "Token has been expired or revoked."
        default:
            state.with { $0.refusals.append("unsupported_grant_type") }
            return Self.json(
                ["error": "unsupported_grant_type", "error_description": "Invalid grant_type: \(form["grant_type"] ?? "")"], status: .badRequest)
        }
        if let verdict {
            state.with { $0.refusals.append(verdict) }
            return Self.json(["error": "invalid_grant", "error_description": verdict], status: .badRequest)
        }
        let (token, lifetime) = state.issueToken()
        return Self.json(["access_token": token, "expires_in": Int(lifetime), "token_type": "Bearer"])
    }

    // MARK: Secret Manager

    func access(path: String, authorization: String?) async throws -> Response {
        let (unavailable, delay) = state.with {
            $0.accessRequests += 1
            let unavailable = $0.unavailableAnswers > 0
            if unavailable { $0.unavailableAnswers -= 1 }
            return (unavailable, $0.accessDelay)
        }
        if let delay { try? await Task.sleep(for: delay) }
        if unavailable { return Self.googleError(503, "UNAVAILABLE", "The service is currently unavailable.") }
        guard let authorization, authorization.hasPrefix("Bearer "), state.isValid(token: String(authorization.dropFirst(7))) else {
            return Self.googleError(
                401, "UNAUTHENTICATED",
                "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential."
            )
        }
        let parts = path.dropFirst("/v1/".count).split(separator: "/").map(String.init)
        guard path.hasSuffix(":access"), parts.count == 6, parts[0] == "projects", parts[2] == "secrets", parts[4] == "versions" else {
            return Self.googleError(400, "INVALID_ARGUMENT", "Invalid resource field value in the request.")
        }
        let version = String(parts[5].dropLast(":access".count))
        let secret = "projects/\(parts[1])/secrets/\(parts[3])"
        if state.with({ $0.denied.contains(secret) }) {
            return Self.googleError(
                403, "PERMISSION_DENIED",
                "Permission 'secretmanager.versions.access' denied for resource '\(secret)/versions/\(version)' (or it may not exist).")
        }
        let stored = state.with { values -> (String, FakeGoogleState.Version)? in
            let numbers = values.versions.keys.filter { $0.hasPrefix(secret + "/versions/") }.compactMap { Int($0.split(separator: "/").last!) }
            let number = version == "latest" ? numbers.max().map(String.init) : version
            return number.flatMap { n in values.versions["\(secret)/versions/\(n)"].map { (n, $0) } }
        }
        guard let stored else {
            return Self.googleError(404, "NOT_FOUND", "Secret Version [\(secret)/versions/\(version)] not found.")
        }
        let (number, found) = stored
        let fullName = "projects/\(FakeGoogleCloud.projectNumber)/secrets/\(parts[3])/versions/\(number)"
        guard found.state == "ENABLED" else {
            return Self.googleError(400, "FAILED_PRECONDITION", "Secret Version [\(fullName)] is in \(found.state) state.")
        }
        let crc = bitwiseCRC32C(found.data) ^ (found.corruptChecksum ? 1 : 0)
        return Self.json(["name": fullName, "payload": ["data": Data(found.data).base64EncodedString(), "dataCrc32c": String(crc)]])
    }

    // MARK: Helpers

    static func googleError(_ code: Int, _ status: String, _ message: String) -> Response {
        json(["error": ["code": code, "message": message, "status": status] as [String: any Sendable]], status: HTTPResponse.Status(code: code))
    }

    static func json(_ object: [String: any Sendable], status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return Response(status: status, headers: [.contentType: "application/json; charset=UTF-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func form(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        return fields
    }
}
