import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One answer of a server reached over real HTTP (an `obc serve` process, a second instance).
public struct LiveResponse: Sendable {
    public let status: Int
    /// Header names in lower case.
    public let headers: [String: String]
    public let text: String

    public var object: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
    public subscript(key: String) -> Any? { object[key] }
}

/// Plain HTTP requests to servers the tests started as processes, for every suite: `get` and
/// `post` give status and body; `checked` also validates the answer against the document the
/// server serves, as `TestClientProtocol.send` does in process.
public enum LiveHTTP {
    public static func send(_ method: String, _ url: String, json: [String: any Sendable]? = nil, timeout: Double = 120) async throws
        -> LiveResponse
    {
        var request = URLRequest(url: URL(string: url)!, timeoutInterval: timeout)
        request.httpMethod = method
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        var headers: [String: String] = [:]
        for (name, value) in http?.allHeaderFields ?? [:] { headers["\(name)".lowercased()] = "\(value)" }
        return LiveResponse(status: http?.statusCode ?? 0, headers: headers, text: String(decoding: data, as: UTF8.self))
    }

    public static func get(_ url: String, timeout: Double = 120) async throws -> (Int, String) {
        let response = try await send("GET", url, timeout: timeout)
        return (response.status, response.text)
    }

    public static func post(_ url: String, _ json: [String: any Sendable], timeout: Double = 120) async throws -> (Int, String) {
        let response = try await send("POST", url, json: json, timeout: timeout)
        return (response.status, response.text)
    }

    /// `send`, then the answer is validated against `base`'s served OpenAPI document; a
    /// response the document does not allow throws.
    public static func checked(_ method: String, _ base: String, _ path: String, json: [String: any Sendable]? = nil) async throws
        -> LiveResponse
    {
        let response = try await send(method, base + path, json: json)
        let document = try await send("GET", base + "/swagger/v1/swagger.json").text
        let exchange = ResponseContract.Exchange(
            method: method, path: path, query: [:], requestHeaders: json == nil ? [:] : ["content-type": "application/json"],
            status: response.status, headers: response.headers, body: response.text)
        if let violation = try await ResponseContract.shared.violation(of: exchange, documentText: document) {
            throw ResponseContract.Violation(
                description: "\(method) \(path) answered \(response.status) outside the served document: \(violation)\n\(response.text)")
        }
        return response
    }
}
