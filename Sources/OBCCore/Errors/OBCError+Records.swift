import Foundation
import OBCPluginAPI

extension OBCError {
    /// A 404 naming the record kind and id.
    public static func notFound(_ kind: RecordKind, id: UUID) -> OBCError {
        OBCError(.notFound, "No \(kind.rawValue) record with ID \(id.lowercasedText) exists.")
    }
}
