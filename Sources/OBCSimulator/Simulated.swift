import Crypto
import Foundation
import Hummingbird
import OBCCore
import OBCPluginAPI

/// Shared steps of every simulated endpoint: injected faults first, then the handler, with
/// ``SimulatorError`` turned into its wire answer.
enum Simulated {
    /// Allowed clock difference for `iat`, in seconds.
    static let clockSkew: Double = 30

    static func respond(
        _ environment: SimulatorEnvironment, _ endpoint: SimulatorEndpoint, profileId: String?,
        _ handler: () async throws -> Response
    ) async -> Response {
        switch environment.state.fault(endpoint, profileId: profileId) {
        case .status(let status, let body)?:
            return HTTPReply.fault(status: status, body: body)
        case .delay(let duration)?:
            try? await Task.sleep(for: duration)
        case nil:
            break
        }
        do {
            return try await handler()
        } catch let error as SimulatorError {
            return error.response
        } catch {
            return SimulatorError.problem(400, "Bad Request", "The request could not be processed.").response
        }
    }

    /// `aud` may be a string or an array of strings (RFC 7519 §4.1.3).
    static func audience(_ aud: JSONValue?, contains expected: [String]) -> Bool {
        switch aud {
        case .string(let value)?: expected.contains(value)
        case .array(let values)?: values.contains { $0.stringValue.map(expected.contains) ?? false }
        default: false
        }
    }

    static func bearerToken(_ request: Request) -> String? {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else { return nil }
        return String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
    }

    /// 32 random bytes, base64url: access tokens, client secrets, registration access tokens.
    static func randomToken() -> String {
        CompactJWS.base64URL(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
    }
}
