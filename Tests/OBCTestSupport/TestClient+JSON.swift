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
    /// Sends `json` (an encodable dictionary or raw text) and returns the decoded answer, after
    /// validating it against the served OpenAPI document (and a successful management response
    /// also against OBC's 18.5.0 document): a response that breaks either throws. Only a
    /// test plugin's key source, which OBC's `SecretSource` enum cannot list, skips OBC's document.
    public func send(
        _ method: HTTPRequest.Method, _ uri: String, json: [String: any Sendable]? = nil, raw: String? = nil, headers extra: HTTPFields = [:],
        checkOBCDocument: Bool = true
    ) async throws -> JSONResponse {
        var body: ByteBuffer? = nil
        if let json {
            body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
        } else if let raw {
            body = ByteBuffer(string: raw)
        }
        var headers: HTTPFields = body == nil ? [:] : [.contentType: "application/json"]
        headers.append(contentsOf: extra)
        let response = try await execute(uri: uri, method: method, headers: headers, body: body) { response in
            JSONResponse(status: response.status, headers: response.headers, text: String(buffer: response.body))
        }
        try await validate(response, method: method, uri: uri, requestHeaders: headers, checkOBCDocument: checkOBCDocument)
        return response
    }

    func validate(_ response: JSONResponse, method: HTTPRequest.Method, uri: String, requestHeaders: HTTPFields, checkOBCDocument: Bool) async throws
    {
        let components = URLComponents(string: uri)
        let path = components?.path ?? uri
        guard !path.hasPrefix("/swagger/") else { return }
        let document = try await execute(uri: "/swagger/v1/swagger.json", method: .get) { String(buffer: $0.body) }
        let exchange = ResponseContract.Exchange(
            method: method.rawValue, path: path,
            query: Dictionary((components?.queryItems ?? []).map { ($0.name, $0.value ?? "") }) { _, last in last },
            requestHeaders: Dictionary(requestHeaders.map { ($0.name.canonicalName, $0.value) }) { a, b in "\(a), \(b)" },
            status: Int(response.status.code),
            headers: Dictionary(response.headers.map { ($0.name.canonicalName, $0.value) }) { a, b in "\(a), \(b)" },
            body: response.text)
        if let violation = try await ResponseContract.shared.violation(of: exchange, documentText: document) {
            throw ResponseContract.Violation(
                description: "\(method) \(uri) answered \(response.status.code) outside the served document: \(violation)\n\(response.text)")
        }
        if checkOBCDocument, path.hasPrefix("/manage/"), (200..<300).contains(Int(response.status.code)),
            !ResponseContract.namesANonOBCBankGroup(response.text),
            let violation = try await ResponseContract.shared.obcViolation(of: exchange)
        {
            throw ResponseContract.Violation(description: "\(method) \(uri) answered outside OBC's 18.5.0 document: \(violation)\n\(response.text)")
        }
    }
}
