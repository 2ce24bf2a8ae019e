import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore

/// A JSON response read back for assertions.
public struct JSONResponse: Sendable {
    public let status: HTTPResponse.Status
    public let headers: HTTPFields
    public let text: String

    public var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    public subscript(key: String) -> Any? { object[key] }

    public var contentType: String? { headers[.contentType] }
}

extension TestClientProtocol {
    /// Sends `json` (an encodable dictionary or raw text) and returns the decoded answer.
    public func send(
        _ method: HTTPRequest.Method, _ uri: String, json: [String: any Sendable]? = nil, raw: String? = nil, headers extra: HTTPFields = [:]
    ) async throws -> JSONResponse {
        var body: ByteBuffer? = nil
        if let json {
            body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
        } else if let raw {
            body = ByteBuffer(string: raw)
        }
        var headers: HTTPFields = body == nil ? [:] : [.contentType: "application/json"]
        headers.append(contentsOf: extra)
        return try await execute(uri: uri, method: method, headers: headers, body: body) { response in
            JSONResponse(status: response.status, headers: response.headers, text: String(buffer: response.body))
        }
    }
}
