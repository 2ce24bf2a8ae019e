import Foundation
import OBCCore

/// Stand-in JSON values that `BodyFaults` puts where a body is at fault, to read on.
enum StandIn {
    /// Where a decoding error is: the coding path of the value at fault.
    static func site(of error: DecodingError) -> [any CodingKey]? {
        let path: [any CodingKey]
        switch error {
        case .keyNotFound(let key, let context): path = context.codingPath + [key]
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context): path = context.codingPath
        @unknown default: return nil
        }
        return path.isEmpty ? nil : path
    }

    /// The stand-in to try for this error, the `attempt`-th time at the same place; nil when none is left.
    static func value(for error: DecodingError, attempt: Int) -> Any? {
        switch error {
        case .typeMismatch(let type, _), .valueNotFound(let type, _):
            return attempt < 8 ? value(of: type) : nil
        default:
            let order: [Any] = ["", "00000000-0000-0000-0000-000000000000", 0, false, [String: Any](), [Any]()]
            return attempt < order.count ? order[attempt] : nil
        }
    }

    static func value(of type: Any.Type) -> Any {
        switch type {
        case is UUID.Type: "00000000-0000-0000-0000-000000000000"
        case is String.Type: ""
        case is Bool.Type: false
        case is Int.Type, is Double.Type: 0
        default: String(describing: type).hasPrefix("Array") ? [Any]() : [String: Any]()
        }
    }

    /// `root` with `value` at `path` (object keys matched as the decoder reads them, first
    /// letter in either case; missing objects are made).
    static func setting(_ value: Any, at path: [any CodingKey], in root: Any) -> Any {
        guard let key = path.first else { return value }
        let rest = Array(path.dropFirst())
        if let index = key.intValue, var array = root as? [Any], array.indices.contains(index) {
            array[index] = setting(value, at: rest, in: array[index])
            return array
        }
        var object = root as? [String: Any] ?? [:]
        let name =
            object.keys.first { PascalCaseJSON.pascalCased($0) == PascalCaseJSON.pascalCased(key.stringValue) }
            ?? PascalCaseJSON.pascalCased(key.stringValue)
        object[name] = setting(value, at: rest, in: object[name] ?? [String: Any]())
        return object
    }
}
