import Foundation
import OBCCore
import OBCHTTP

/// `--json` output: one JSON document on stdout. Values the API also answers are printed from
/// the API's own DTOs (`encodable`), so each field is declared once.
enum JSONOutput {
    /// `value` as the Management API writes it (PascalCase keys), pretty-printed.
    static func print(encodable value: some Encodable) throws {
        let encoder = PascalCaseJSON.encoder()
        encoder.outputFormatting.insert(.prettyPrinted)
        Swift.print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    static func print(_ value: Any) throws {
        let data = try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        Swift.print(String(decoding: data, as: UTF8.self))
    }

    static func date(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
