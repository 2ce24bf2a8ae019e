import Foundation
import Hummingbird
import Logging
import Synchronization

/// An OTLP/HTTP trace receiver on loopback: accepts `POST /v1/traces` in the OTLP JSON
/// encoding and keeps every span it was sent, for tests of trace export.
public final class OTLPReceiver: Sendable {
    /// One received span, ids in lowercase hex.
    public struct Span: Sendable {
        public var traceId: String
        public var spanId: String
        public var parentSpanId: String?
        public var name: String
        /// OTLP's SpanKind: 2 server, 3 client.
        public var kind: Int
        public var attributes: [String: String]
        public var serviceName: String?
    }

    private let state = Mutex((spans: [Span](), posts: 0, contentTypes: [String]()))

    public var spans: [Span] { state.withLock { $0.spans } }
    /// How many export requests arrived.
    public var posts: Int { state.withLock { $0.posts } }
    public var contentTypes: [String] { state.withLock { $0.contentTypes } }

    /// Runs a receiver for the duration of `body`, which gets its base URL; stops it (awaited) after.
    public static func with(_ body: @Sendable (OTLPReceiver, String) async throws -> Void) async throws {
        let receiver = OTLPReceiver()
        let router = Router()
        router.post("/v1/traces") { request, _ in
            let data = Data(buffer: try await request.body.collect(upTo: 16 << 20))
            receiver.record(data, contentType: request.headers[.contentType] ?? "none")
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: "{}")))
        }
        try await withLoopbackServer(router, label: "the OTLP receiver") { base in
            try await body(receiver, base)
        }
    }

    func record(_ data: Data, contentType: String) {
        let spans = Self.decode(data)
        state.withLock {
            $0.posts += 1
            $0.contentTypes.append(contentType)
            $0.spans += spans
        }
    }

    /// The spans of an `ExportTraceServiceRequest` in OTLP JSON.
    static func decode(_ data: Data) -> [Span] {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [] }
        var spans: [Span] = []
        for resourceSpans in root["resourceSpans"] as? [[String: Any]] ?? [] {
            let resource = attributes((resourceSpans["resource"] as? [String: Any])?["attributes"])
            for scope in resourceSpans["scopeSpans"] as? [[String: Any]] ?? [] {
                for span in scope["spans"] as? [[String: Any]] ?? [] {
                    let parent = hex(span["parentSpanId"] as? String ?? "")
                    spans.append(
                        Span(
                            traceId: hex(span["traceId"] as? String ?? ""), spanId: hex(span["spanId"] as? String ?? ""),
                            parentSpanId: parent.isEmpty ? nil : parent, name: span["name"] as? String ?? "",
                            kind: (span["kind"] as? Int) ?? 0, attributes: attributes(span["attributes"]), serviceName: resource["service.name"]))
                }
            }
        }
        return spans
    }

    /// OTLP JSON attributes as text: `[{"key": k, "value": {"stringValue": v}}]`.
    static func attributes(_ value: Any?) -> [String: String] {
        var result: [String: String] = [:]
        for entry in value as? [[String: Any]] ?? [] {
            guard let key = entry["key"] as? String, let value = (entry["value"] as? [String: Any])?.values.first else { continue }
            result[key] = "\(value)"
        }
        return result
    }

    /// An id as lowercase hex, whether the JSON carried hex (as OTLP asks) or base64 (protobuf's JSON mapping of bytes).
    static func hex(_ text: String) -> String {
        if text.count % 2 == 0, text.allSatisfy(\.isHexDigit) { return text.lowercased() }
        guard let bytes = Data(base64Encoded: text) else { return text }
        return bytes.map { String(format: "%02x", $0) }.joined()
    }
}
