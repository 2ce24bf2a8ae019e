import Foundation

/// Where and why a body is not well-formed JSON, in the caller's terms: the parser's reason
/// and the line, column and byte offset of the fault.
enum JSONSyntaxFault {
    static func describe(_ data: Data) -> String {
        let message: String
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return "it does not parse as UTF-8 JSON."
        } catch {
            message = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? "it does not parse."
        }
        var reason = message.trimmingCharacters(in: .whitespaces)
        if reason.hasSuffix(".") { reason.removeLast() }
        guard let marker = reason.range(of: " around character "), let offset = Int(reason[marker.upperBound...]) else {
            return reason + "."
        }
        let (line, column) = position(of: offset, in: data)
        return "\(reason[..<marker.lowerBound]) at line \(line), column \(column) (byte offset \(offset))."
    }

    /// The 1-based line and column of byte `offset`.
    static func position(of offset: Int, in data: Data) -> (line: Int, column: Int) {
        let prefix = data.prefix(max(0, min(offset, data.count)))
        let line = prefix.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        let lastBreak = prefix.lastIndex(of: UInt8(ascii: "\n")).map { $0 - data.startIndex + 1 } ?? 0
        return (line, offset - lastBreak + 1)
    }
}
