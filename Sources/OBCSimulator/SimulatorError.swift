import Foundation
import Hummingbird
import NIOCore
import OBCCore
import OBCPluginAPI

/// An error answer from the simulated Directory or a simulated bank, in the wire format the
/// real endpoint uses (RFC 7591 for `/register`, RFC 6749 for token endpoints, problem JSON
/// elsewhere), so the product's error handling meets realistic bodies.
struct SimulatorError: Error, Sendable {
    var status: Int
    var body: JSONValue?
    var contentType: String = "application/json"
    /// RFC 6750 challenge for 401 answers.
    var wwwAuthenticate: String?

    /// RFC 7591 §3.2.2: `invalid_redirect_uri`, `invalid_client_metadata`, `invalid_software_statement`, …
    static func registration(_ error: String, _ description: String) -> SimulatorError {
        SimulatorError(status: 400, body: .object(["error": .string(error), "error_description": .string(description)]))
    }

    static func clientMetadata(_ description: String) -> SimulatorError { registration("invalid_client_metadata", description) }
    static func softwareStatement(_ description: String) -> SimulatorError { registration("invalid_software_statement", description) }

    /// RFC 6749 §5.2 token endpoint errors (`invalid_client` answers 401).
    static func oauth(_ error: String, _ description: String, status: Int = 400) -> SimulatorError {
        SimulatorError(status: status, body: .object(["error": .string(error), "error_description": .string(description)]))
    }

    /// RFC 6750 §3: a protected resource refused the bearer token.
    static func unauthorized(_ description: String) -> SimulatorError {
        SimulatorError(
            status: 401, body: nil,
            wwwAuthenticate: "Bearer error=\"invalid_token\", error_description=\"\(description)\""
        )
    }

    /// RFC 9457 problem details.
    static func problem(_ status: Int, _ title: String, _ detail: String) -> SimulatorError {
        SimulatorError(
            status: status,
            body: .object(["type": .string("about:blank"), "title": .string(title), "status": .number(Double(status)), "detail": .string(detail)]),
            contentType: "application/problem+json"
        )
    }

    var response: Response {
        var response = body.map { HTTPReply.json($0, status: status, contentType: contentType) } ?? HTTPReply.empty(status: status)
        if let wwwAuthenticate { response.headers[.wwwAuthenticate] = wwwAuthenticate }
        return response
    }
}
