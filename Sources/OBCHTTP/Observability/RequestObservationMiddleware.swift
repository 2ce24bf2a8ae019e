import Foundation
import HTTPTypes
import Hummingbird
import Logging
import OBCCore
import OBCObservability

/// The outermost middleware: gives each request an id (the caller's `X-Request-Id` when it is
/// a sensible token, else a new UUID), echoes it, hands it to outbound calls and log lines,
/// counts the request by route template, and writes one access-log line.
struct RequestObservationMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ObservabilityMetrics
    /// Whether `/health/*`, `/healthz` and `/metrics` get access-log lines (probes are frequent).
    let logProbes: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let requestId = Self.requestId(from: request.headers[.requestId])
        var context = context
        context.logger[metadataKey: "request_id"] = .string(requestId)
        let tally = OutboundTally()
        var response: Response
        do {
            response = try await OutboundCallScope.$requestId.withValue(requestId) {
                try await OutboundTally.$current.withValue(tally) { try await next(request, context) }
            }
        } catch {
            record(request, context: context, status: 500, started: started, requestId: requestId, tally: tally)
            throw error
        }
        response.headers[.requestId] = requestId
        record(request, context: context, status: Int(response.status.code), started: started, requestId: requestId, tally: tally)
        return response
    }

    func record(_ request: Request, context: Context, status: Int, started: ContinuousClock.Instant, requestId: String, tally: OutboundTally) {
        let duration = ContinuousClock.now - started
        let route = context.endpointPath ?? "NotFound"
        let method = request.method.rawValue
        metrics.httpRequest(route: route, method: method, status: status, duration: duration)
        if request.method == .post, route == "/manage/bank-registrations", status == 201 {
            metrics.registrationCreated(performedDCR: tally.registeredClients > 0)
        }
        guard logProbes || !Self.isProbe(request.uri.path) else { return }
        let milliseconds = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        context.logger.info(
            "HTTP request",
            metadata: [
                "method": .string(method), "route": .string(route), "status": .stringConvertible(status),
                "duration_ms": .stringConvertible((milliseconds * 10).rounded() / 10),
            ])
    }

    static func isProbe(_ path: String) -> Bool {
        path.hasPrefix("/health/") || path == "/healthz" || path == "/metrics"
    }

    /// The caller's id when it is 1–128 characters of letters, digits and `-._:`; otherwise a new one.
    static func requestId(from header: String?) -> String {
        if let header, (1...128).contains(header.utf8.count), header.utf8.allSatisfy(isTokenByte) {
            return header
        }
        return UUID().lowercasedText
    }

    /// ASCII letters and digits, `-`, `.`, `_` and `:`.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"): true
        default: false
        }
    }
}

extension HTTPField.Name {
    static let requestId = Self("X-Request-Id")!
}
