import Foundation
import Logging
import OBCCore
import OBCPluginAPI
import Synchronization
import Tracing

/// Wraps the network side of `OutboundHTTP`: each call gets a trace span, a metric by bank
/// profile, endpoint kind and outcome, and, when it fails, one log line with the profile, the
/// endpoint, the status and the bank's error code (never a URL query, header or body).
public struct InstrumentedOutbound: OutboundHTTP {
    let wrapped: any OutboundHTTP
    let metrics: ObservabilityMetrics
    let logger: Logger

    public init(_ wrapped: any OutboundHTTP, metrics: ObservabilityMetrics, logger: Logger) {
        self.wrapped = wrapped
        self.metrics = metrics
        self.logger = logger
    }

    public func send(_ request: OutboundRequest) async throws(OBCError) -> OutboundResponse {
        let started = ContinuousClock.now
        let endpoint = request.endpoint.rawValue
        let span = TracingState.isRecording ? startSpan("\(request.method) \(endpoint)", ofKind: .client) : nil
        span?.updateAttributes { attributes in
            attributes["http.request.method"] = request.method
            attributes["obc.endpoint"] = endpoint
            attributes["obc.bank_profile"] = request.bankProfile ?? "none"
        }
        defer { span?.end() }
        do {
            let response = try await wrapped.send(request)
            span?.attributes["http.response.status_code"] = response.status
            metrics.outboundCall(
                bankProfile: request.bankProfile, endpoint: endpoint, outcome: OutboundOutcome(status: response.status),
                duration: ContinuousClock.now - started)
            if !(200..<300).contains(response.status) {
                span?.setStatus(.init(code: .error))
                OutboundTally.current?.failed()
                logFailure(request, status: String(response.status), errorCode: Self.errorCode(in: response.json))
            } else if request.endpoint == .register {
                OutboundTally.current?.registered()
            }
            return response
        } catch {
            let outcome = OutboundOutcome(transportFailure: error.extras["transportFailure"])
            metrics.outboundCall(bankProfile: request.bankProfile, endpoint: endpoint, outcome: outcome, duration: ContinuousClock.now - started)
            span?.recordError(error)
            span?.setStatus(.init(code: .error))
            logFailure(request, status: outcome.rawValue, errorCode: nil)
            throw error
        }
    }

    func logFailure(_ request: OutboundRequest, status: String, errorCode: String?) {
        logger.warning(
            "Outbound call failed",
            metadata: [
                "bank_profile": .string(request.bankProfile ?? "none"), "endpoint": .string(request.endpoint.rawValue),
                "method": .string(request.method), "status": .string(status), "error_code": .string(errorCode ?? "none"),
                "request_id": .string(OutboundCallScope.requestId ?? "none"),
            ])
    }

    /// The bank's error code: RFC 6749/7591 `error`, or the Open Banking `Code` / `Errors[0].ErrorCode`.
    static func errorCode(in body: JSONValue?) -> String? {
        guard let body else { return nil }
        if let code = body["error"]?.stringValue { return code }
        if let code = body["Errors"]?.arrayValue?.first?["ErrorCode"]?.stringValue { return code }
        return body["Code"]?.stringValue
    }
}

/// Counts, for the request a task serves, what its outbound calls did: whether a client was
/// registered at a bank (so the registration metric can tell DCR from re-use).
public final class OutboundTally: Sendable {
    @TaskLocal public static var current: OutboundTally?
    private let counts = Mutex((registered: 0, failed: 0))

    public init() {}

    func registered() { counts.withLock { $0.registered += 1 } }
    func failed() { counts.withLock { $0.failed += 1 } }
    public var registeredClients: Int { counts.withLock { $0.registered } }
}
