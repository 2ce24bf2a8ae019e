import Foundation
import OBCPluginHTTP

/// A Google API error body, `{"error": {"code": 404, "message": "…", "status": "NOT_FOUND"}}`,
/// turned into a sentence an operator can act on. Google's messages name resources and
/// permissions, never payloads, so they are quoted (shortened).
struct GoogleAPIError: Sendable, Equatable {
    var httpStatus: Int
    var status: String?
    var message: String?

    private struct Body: Decodable {
        struct Inner: Decodable {
            var code: Int?
            var message: String?
            var status: String?
        }
        var error: Inner?
    }

    init(_ response: PluginHTTP.Response) {
        httpStatus = response.status
        let body = try? JSONDecoder().decode(Body.self, from: Data(response.body))
        status = body?.error?.status
        message = body?.error?.message
    }

    static let retryableStatuses: Set<String> = ["UNAVAILABLE", "RESOURCE_EXHAUSTED", "INTERNAL", "DEADLINE_EXCEEDED"]

    var isRetryable: Bool {
        if let status { return Self.retryableStatuses.contains(status) }
        return httpStatus >= 500 || httpStatus == 429
    }

    func error(name: SecretVersionName, token: GCPAccessToken) -> GCPError {
        let code = status ?? "HTTP \(httpStatus)"
        let quoted = message.map { ": " + ($0.count > 300 ? String($0.prefix(300)) + "…" : $0) } ?? ""
        let what = "Google Cloud Secret Manager secret \(name)"
        switch code {
        case "NOT_FOUND":
            return GCPError(.notFound, code: code, "\(what) was not found (NOT_FOUND\(quoted))")
        case "PERMISSION_DENIED":
            return GCPError(
                .accessDenied, code: code,
                "\(token.origin) may not access \(what) (PERMISSION_DENIED\(quoted)); grant it roles/secretmanager.secretAccessor")
        case "FAILED_PRECONDITION":
            let state = (message ?? "").contains("DESTROYED") ? "destroyed" : (message ?? "").contains("DISABLED") ? "disabled" : nil
            let cause = state.map { "the version is \($0)" } ?? "the version cannot be accessed in its state"
            return GCPError(.notFound, code: code, "\(what) cannot be read: \(cause) (FAILED_PRECONDITION\(quoted))")
        case "UNAUTHENTICATED":
            return GCPError(.invalidCredentials, code: code, "Google rejected \(token) while reading \(what) (UNAUTHENTICATED\(quoted))")
        case "INVALID_ARGUMENT":
            return GCPError(.notFound, code: code, "Google refused the name of \(what) (INVALID_ARGUMENT\(quoted))")
        default:
            return GCPError(
                .unavailable, code: code, "Google Cloud Secret Manager refused access to \(name) with HTTP \(httpStatus) (\(code)\(quoted))")
        }
    }
}
