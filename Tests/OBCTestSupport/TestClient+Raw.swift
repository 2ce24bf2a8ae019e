import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore

extension TestClientProtocol {
    /// Sends `body` with exactly the `headers` given (no Content-Type is added), as a browser
    /// or a hostile client might.
    public func send(_ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields, body: String?) async throws -> JSONResponse {
        try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            JSONResponse(status: response.status, headers: response.headers, text: String(buffer: response.body))
        }
    }
}
