import Foundation
import OBCCore
import OBCPluginAPI
import Synchronization

/// The `OutboundHTTP` port answered by the test: each request is recorded and given to
/// `answer`, which returns the bank's response or throws the transport failure to simulate.
public final class FakeOutbound: OutboundHTTP {
    private let answer: @Sendable (OutboundRequest) throws(OBCError) -> OutboundResponse
    private let recorded = Mutex<[OutboundRequest]>([])

    public init(_ answer: @escaping @Sendable (OutboundRequest) throws(OBCError) -> OutboundResponse) {
        self.answer = answer
    }

    /// Every request sent so far, oldest first.
    public var requests: [OutboundRequest] { recorded.withLock { $0 } }

    public func send(_ request: OutboundRequest) async throws(OBCError) -> OutboundResponse {
        recorded.withLock { $0.append(request) }
        return try answer(request)
    }

    /// A JSON response.
    public static func json(_ value: JSONValue, status: Int = 200) -> OutboundResponse {
        OutboundResponse(status: status, headers: ["content-type": "application/json"], body: value.jsonData())
    }
}
