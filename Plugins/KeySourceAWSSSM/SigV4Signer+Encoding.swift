import Crypto

/// The byte-level encodings SigV4 uses: hex digests, RFC 3986 percent-encoding and decoding.
extension SigV4Signer {
    private static let lowerHex: [UInt8] = Array("0123456789abcdef".utf8)
    private static let upperHex: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Lower-case hex SHA-256, as bytes ready to append.
    static func sha256Hex(_ bytes: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return hex(hasher.finalize())
    }

    static func hex(_ digest: SHA256Digest) -> [UInt8] {
        digest.withUnsafeBytes { raw in
            [UInt8](unsafeUninitializedCapacity: raw.count * 2) { output, count in
                for (index, byte) in raw.enumerated() {
                    output[index * 2] = lowerHex[Int(byte >> 4)]
                    output[index * 2 + 1] = lowerHex[Int(byte & 0x0F)]
                }
                count = raw.count * 2
            }
        }
    }

    /// RFC 3986 encoding: everything but `A-Z a-z 0-9 - . _ ~` (and `/` if asked) becomes `%XX`.
    static func uriEncode(_ string: String, keepSlash: Bool) -> String {
        var output: [UInt8] = []
        appendURIEncoded(string.utf8, keepSlash: keepSlash, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    static func appendURIEncoded(_ bytes: String.UTF8View, keepSlash: Bool, to output: inout [UInt8]) {
        output.reserveCapacity(output.count + bytes.count * 3)
        for byte in bytes {
            if isUnreserved(byte) || (keepSlash && byte == 0x2F) {
                output.append(byte)
            } else {
                output.append(0x25)
                output.append(upperHex[Int(byte >> 4)])
                output.append(upperHex[Int(byte & 0x0F)])
            }
        }
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2D, 0x2E, 0x5F, 0x7E: true
        default: false
        }
    }

    /// `%XX` sequences decoded to bytes; anything else (including `+`) kept as is.
    static func percentDecoded(_ string: Substring) -> String {
        let bytes = Array(string.utf8)
        guard bytes.contains(0x25) else { return String(string) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x25, index + 2 < bytes.count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}
