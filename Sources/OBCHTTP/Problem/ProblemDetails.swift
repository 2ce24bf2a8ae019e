import Foundation
import HTTPTypes
import Hummingbird
import OBCCore
import OBCPluginAPI

/// An RFC 9457 problem document. Every error the API returns has this shape, with a
/// `detail` that names the field at fault.
struct ProblemDetails: Encodable, Sendable {
    var type: String = "about:blank"
    var title: String
    var status: Int
    var detail: String
    var field: String?
    var instance: String?
    var extras: [String: String] = [:]
    /// Every field at fault in a request body (`InvalidFields`), each with its pointer and detail.
    var errors: [FieldFault]?
    /// Seconds a client should wait before trying again (a `Retry-After` header), for faults that pass.
    var retryAfterSeconds: Int?

    enum CodingKeys: String, CodingKey { case type, title, status, detail, field, instance, errors }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(title, forKey: .title)
        try container.encode(status, forKey: .status)
        try container.encode(detail, forKey: .detail)
        try container.encodeIfPresent(field, forKey: .field)
        try container.encodeIfPresent(instance, forKey: .instance)
        try container.encodeIfPresent(errors, forKey: .errors)
        var extra = encoder.container(keyedBy: AnyKey.self)
        for (key, value) in extras.sorted(by: { $0.key < $1.key }) {
            try extra.encode(value, forKey: AnyKey(stringValue: key))
        }
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// This problem with `detail` and the extras passed through `ProblemScrubber`, and the
    /// original text when anything was removed (for the log, never for the caller).
    func scrubbed() -> (problem: ProblemDetails, removed: String?) {
        var clean = self
        var originals: [String] = []
        let detail = ProblemScrubber.scrub(self.detail)
        if detail.changed {
            clean.detail = detail.text
            originals.append(self.detail)
        }
        for (index, fault) in (errors ?? []).enumerated() {
            let scrubbed = ProblemScrubber.scrub(fault.detail)
            if scrubbed.changed {
                clean.errors?[index].detail = scrubbed.text
                originals.append("\(fault.field): \(fault.detail)")
            }
        }
        for (key, value) in extras {
            let scrubbed = ProblemScrubber.scrub(value)
            if scrubbed.changed {
                clean.extras[key] = scrubbed.text
                originals.append("\(key): \(value)")
            }
        }
        return (clean, originals.isEmpty ? nil : originals.joined(separator: "; "))
    }

    /// The response; always scrubbed, whoever built the problem.
    func response() -> Response {
        let problem = scrubbed().problem
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(problem)) ?? Data("{}".utf8)
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
        return Response(status: .init(code: problem.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension ProblemDetails {
    /// The problem for `error`, by the core's rule (`ProblemMapping`).
    init(_ error: OBCError, instance: String?) {
        let status = HTTPResponse.Status(code: ProblemMapping.status(for: error.kind))
        self.init(
            title: ProblemMapping.title(for: error.kind) ?? status.reasonPhrase,
            status: status.code,
            detail: ProblemMapping.detail(of: error),
            field: error.field,
            instance: instance,
            extras: error.extras,
            retryAfterSeconds: ProblemMapping.retryAfterSeconds(for: error.kind)
        )
    }
}
