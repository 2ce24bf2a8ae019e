import Foundation
import Hummingbird
import NIOCore
import OBCCore
import OBCPluginAPI

extension Request {
    /// Decodes an OBC-style JSON body, turning every decoding failure into a 400 problem
    /// whose `detail` names the property and what is wrong with it, and whose `errors` lists
    /// every field at fault (`BodyFaults`), not only the first.
    func decodeJSON<Body: Decodable>(_ type: Body.Type, context: some RequestContext) async throws -> Body {
        let limit = context.maxUploadSize
        let tooLarge = HTTPError(.contentTooLarge, message: "The request body is larger than the limit of \(limit) bytes.")
        if let length = headers[.contentLength].flatMap({ Int($0) }), length > limit { throw tooLarge }
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw tooLarge
        }
        guard buffer.readableBytes > 0 else {
            throw OBCError(.invalidRequest, "The request body is empty; a JSON object is required.")
        }
        let data = Data(buffer: buffer)
        do {
            return try PascalCaseJSON.sharedDecoder.decode(Body.self, from: data)
        } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty {
                throw OBCError(.invalidRequest, "The request body is not well-formed JSON: \(JSONSyntaxFault.describe(data))")
            }
            let faults = BodyFaults { try PascalCaseJSON.sharedDecoder.decode(Body.self, from: $0) }.collect(from: data, first: error)
            guard !faults.isEmpty else { throw Self.describe(error) }
            throw InvalidFields(faults: faults)
        }
    }

    static func describe(_ error: DecodingError) -> OBCError {
        func fieldName(_ path: [any CodingKey]) -> String? {
            guard !path.isEmpty else { return nil }
            return path.map { key in key.intValue.map { "[\($0)]" } ?? PascalCaseJSON.pascalCased(key.stringValue) }
                .joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = fieldName(context.codingPath + [key]) ?? key.stringValue
            return .invalid(field, "is required but missing.")
        case .typeMismatch(let type, let context):
            let expected = Self.jsonTypeName(type)
            guard let field = fieldName(context.codingPath) else {
                return OBCError(.invalidRequest, "The request body must be a JSON \(expected).")
            }
            return .invalid(field, "must be \(expected).")
        case .valueNotFound(let type, let context):
            let field = fieldName(context.codingPath) ?? "body"
            return .invalid(field, "must not be null (expected \(Self.jsonTypeName(type))).")
        case .dataCorrupted(let context):
            guard let field = fieldName(context.codingPath) else {
                return OBCError(.invalidRequest, "The request body is not valid JSON.")
            }
            let reason = context.debugDescription.contains("UUID") ? "must be a UUID." : context.debugDescription
            return .invalid(field, reason)
        @unknown default:
            return OBCError(.invalidRequest, "The request body could not be read.")
        }
    }

    static func jsonTypeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type, is UUID.Type: "a string"
        case is Bool.Type: "a boolean (true or false)"
        case is Int.Type, is Double.Type: "a number"
        case is [Any].Type: "an array"
        default:
            String(describing: type).hasPrefix("Array") ? "an array" : (String(describing: type).hasPrefix("Dictionary") ? "an object" : "an object")
        }
    }
}

extension Parameters {
    /// A path id; an id that is not a UUID cannot name a record, so it is a 404 as in OBC.
    func recordID(_ name: String, kind: RecordKind) throws -> UUID {
        let text = self.get(name) ?? ""
        guard let id = UUID(uuidString: text) else {
            throw OBCError(.notFound, "No \(kind.rawValue) record with ID '\(text)' exists: the ID is not a UUID.")
        }
        return id
    }
}
