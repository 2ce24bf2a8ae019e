import Foundation
import OBCCore
import OBCPluginAPI

/// Every field fault of a JSON body, not only the first one `JSONDecoder` stops at: after each
/// fault the body is patched with a stand-in value of the expected type at that place, and
/// decoded again, until it decodes or no stand-in fits. A fault below a field already at fault
/// (the members of a missing object) is not reported again.
struct BodyFaults<Body: Decodable> {
    let decode: (Data) throws -> Body

    /// The faults in the order found; `first` is the one the plain decode reported.
    func collect(from data: Data, first: DecodingError) -> [FieldFault] {
        guard var root = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return [] }
        var faults = FieldFault(first).map { [$0] } ?? []
        var error = first
        var tries: [String: Int] = [:]
        for _ in 0..<100 {
            guard let path = StandIn.site(of: error) else { break }
            let key = path.map(\.stringValue).joined(separator: ".")
            let attempt = tries[key, default: 0]
            guard let value = StandIn.value(for: error, attempt: attempt) else { break }
            tries[key] = attempt + 1
            root = StandIn.setting(value, at: path, in: root)
            guard let patched = try? JSONSerialization.data(withJSONObject: root, options: [.fragmentsAllowed]) else { break }
            do {
                _ = try decode(patched)
                break
            } catch let next as DecodingError {
                if let fault = FieldFault(next), !faults.contains(where: { fault.isWithin($0) }) { faults.append(fault) }
                error = next
            } catch {
                break
            }
        }
        return faults
    }
}
