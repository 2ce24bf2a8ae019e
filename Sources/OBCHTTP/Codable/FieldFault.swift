import Foundation
import Hummingbird
import OBCCore
import OBCPluginAPI

/// One field at fault in a request body: its name in the API's spelling (`AssociatedKey.Name`),
/// a JSON Pointer to it (`/AssociatedKey/Name`) and what is wrong. Problems list them in `errors`.
struct FieldFault: Encodable, Sendable, Equatable {
    var field: String
    var pointer: String
    var detail: String

    init(field: String, pointer: String, detail: String) {
        self.field = field
        self.pointer = pointer
        self.detail = detail
    }

    /// The fault a decoding error names; nil for one that names no field (the body as a whole).
    init?(_ error: DecodingError) {
        let described = Request.describe(error)
        guard let path = StandIn.site(of: error), let field = described.field else { return nil }
        let segments = path.map { $0.intValue.map(String.init) ?? PascalCaseJSON.pascalCased($0.stringValue) }
        self.init(field: field, pointer: "/" + segments.joined(separator: "/"), detail: described.detail)
    }

    /// True when this fault is that one's, or lies below it (a member of a missing object).
    func isWithin(_ other: FieldFault) -> Bool {
        pointer == other.pointer || pointer.hasPrefix(other.pointer + "/")
    }
}
