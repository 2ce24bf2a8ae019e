/// Stage 1 of SigV4: the canonical request's URI, query and header parts.
extension SigV4Signer {
    /// The path, optionally normalised (RFC 3986 dot-segment removal, empty segments dropped),
    /// then URI-encoded byte by byte except unreserved characters and `/`.
    public static func canonicalURI(_ path: String, normalize: Bool) -> String {
        var bytes: [UInt8] = []
        appendCanonicalURI(path, normalize: normalize, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func appendCanonicalURI(_ path: String, normalize: Bool, to output: inout [UInt8]) {
        if path.isEmpty || path == "/" {
            output.append(0x2F)
            return
        }
        let normalised = normalize && needsNormalization(path) ? normalizedPath(path) : path
        appendURIEncoded(normalised.utf8, keepSlash: true, to: &output)
    }

    /// True when the path has a `//`, `/./` or `/../` (or ends in `/.` or `/..`).
    static func needsNormalization(_ path: String) -> Bool {
        var previous: UInt8 = 0
        for byte in path.utf8 {
            if previous == 0x2F && (byte == 0x2F || byte == 0x2E) { return true }
            previous = byte
        }
        return false
    }

    static func normalizedPath(_ path: String) -> String {
        var segments: [Substring] = []
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        for part in parts {
            switch part {
            case "", ".": continue
            case "..": if !segments.isEmpty { segments.removeLast() }
            default: segments.append(part)
            }
        }
        let last = parts.last ?? ""
        let trailingSlash = last.isEmpty || last == "." || last == ".."
        var result = "/" + segments.joined(separator: "/")
        if trailingSlash && !segments.isEmpty { result += "/" }
        return result
    }

    /// Parameters are percent-decoded, re-encoded with the unreserved set, and sorted by
    /// name then value, so any spelling of the same query signs the same way.
    public static func canonicalQuery(_ query: String) -> String {
        if query.isEmpty { return "" }
        var pairs: [(String, String)] = []
        for item in query.split(separator: "&", omittingEmptySubsequences: true) {
            let name: Substring
            let value: Substring
            if let equals = item.firstIndex(of: "=") {
                name = item[..<equals]
                value = item[item.index(after: equals)...]
            } else {
                name = item
                value = ""
            }
            pairs.append((uriEncode(percentDecoded(name), keepSlash: false), uriEncode(percentDecoded(value), keepSlash: false)))
        }
        // Encoded names and values are ASCII, where String order is byte order.
        pairs.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        return pairs.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// Lower-cased names, values trimmed with inner whitespace runs collapsed, repeated
    /// headers joined by `,` in the order given, sorted by name. Returns the block (each line
    /// ending in `\n`) and the `;`-joined signed header list.
    public static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> (block: String, signedHeaders: String) {
        let bytes = canonicalHeaderBytes(headers)
        return (String(decoding: bytes.block, as: UTF8.self), String(decoding: bytes.signed, as: UTF8.self))
    }

    static func canonicalHeaderBytes(_ headers: [(name: String, value: String)]) -> (block: [UInt8], signed: [UInt8]) {
        var entries: [(name: [UInt8], value: [UInt8])] = []
        entries.reserveCapacity(headers.count)
        var total = 0
        for header in headers {
            var name = Array(header.name.utf8)
            for index in name.indices where name[index] >= 0x41 && name[index] <= 0x5A { name[index] |= 0x20 }
            if unsignableHeaderBytes.contains(name) { continue }
            let value = collapsedWhitespace(header.value.utf8)
            total += name.count + value.count + 3
            if let index = entries.firstIndex(where: { $0.name == name }) {
                entries[index].value.append(0x2C)
                entries[index].value.append(contentsOf: value)
            } else {
                entries.append((name, value))
            }
        }
        entries.sort { $0.name.lexicographicallyPrecedes($1.name) }
        var block: [UInt8] = []
        block.reserveCapacity(total)
        var signed: [UInt8] = []
        signed.reserveCapacity(total)
        for (index, entry) in entries.enumerated() {
            block.append(contentsOf: entry.name)
            block.append(0x3A)
            block.append(contentsOf: entry.value)
            block.append(0x0A)
            if index > 0 { signed.append(0x3B) }
            signed.append(contentsOf: entry.name)
        }
        return (block, signed)
    }

    /// Leading and trailing whitespace dropped, inner runs (spaces, tabs, folded line
    /// breaks) turned into one space.
    static func collapsedWhitespace(_ bytes: String.UTF8View) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var pendingSpace = false
        for byte in bytes {
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                pendingSpace = !output.isEmpty
            } else {
                if pendingSpace {
                    output.append(0x20)
                    pendingSpace = false
                }
                output.append(byte)
            }
        }
        return output
    }
}
