import Foundation
import Hummingbird
import NIOCore
import OBCCore
import OBCPluginAPI

/// Small builders for the simulator's responses, so every handler writes bodies the same way.
enum HTTPReply {
    static func json(_ value: JSONValue, status: Int = 200, contentType: String = "application/json") -> Response {
        body(value.jsonData(), status: status, contentType: contentType)
    }

    static func body(_ data: Data, status: Int, contentType: String) -> Response {
        Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: contentType],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data))
        )
    }

    static func text(_ text: String, status: Int = 200, contentType: String = "text/plain; charset=utf-8") -> Response {
        body(Data(text.utf8), status: status, contentType: contentType)
    }

    static func empty(status: Int) -> Response {
        Response(status: HTTPResponse.Status(code: status))
    }

    /// The response a ``SimulatorFault/status(_:body:)`` asks for: JSON when the body parses as JSON.
    static func fault(status: Int, body: String) -> Response {
        let isJSON = (try? JSONDecoder().decode(JSONValue.self, from: Data(body.utf8))) != nil
        return text(body, status: status, contentType: isJSON ? "application/json" : "text/plain; charset=utf-8")
    }

    /// `application/x-www-form-urlencoded` fields.
    static func formFields(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
            }
            fields[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }
}
