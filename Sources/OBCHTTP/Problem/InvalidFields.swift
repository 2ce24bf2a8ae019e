import OBCCore
import OBCPluginAPI

/// A request body with one or more fields at fault: a 400 problem whose `errors` names each
/// (an RFC 9457 extension member), `field` the first, and `detail` all of them.
struct InvalidFields: Error, Sendable {
    let faults: [FieldFault]

    /// `field` is the first fault's; the detail reads "First: what. Second: what."
    var problemError: OBCError {
        let rest = faults.dropFirst().map { "\($0.field): \($0.detail)" }
        return OBCError(.invalidRequest, field: faults.first?.field, ([faults.first?.detail ?? ""] + rest).joined(separator: " "))
    }
}
