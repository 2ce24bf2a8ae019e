import Foundation

extension UUID {
    /// The canonical lowercase form, as ids are stored and bound into associated data.
    /// Foundation's `uuidString` is uppercase and goes through `sprintf`, which shows up
    /// when a rotation formats millions of ids.
    public var lowercasedText: String {
        withUnsafeBytes(of: uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { text in
                var position = 0
                for (index, byte) in bytes.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        text[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    text[position] = Self.hexDigits[Int(byte >> 4)]
                    text[position + 1] = Self.hexDigits[Int(byte & 0x0F)]
                    position += 2
                }
                return position
            }
        }
    }

    /// Parses the 36-character form in either case, without Foundation's `sscanf`; nil for
    /// anything else.
    public init?(text: String) {
        var text = text
        guard let value = text.withUTF8({ UUID(utf8: $0) }) else { return nil }
        self = value
    }

    /// Parses UTF-8 bytes in place, as a database driver hands them over.
    public init?(utf8: UnsafeBufferPointer<UInt8>) {
        var value: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        guard withUnsafeMutableBytes(of: &value, { Self.parse(utf8, into: $0) }) else { return nil }
        self.init(uuid: value)
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    private static func parse(_ utf8: UnsafeBufferPointer<UInt8>, into bytes: UnsafeMutableRawBufferPointer) -> Bool {
        guard utf8.count == 36 else { return false }
        var position = 0
        for index in 0..<16 {
            if index == 4 || index == 6 || index == 8 || index == 10 {
                guard utf8[position] == UInt8(ascii: "-") else { return false }
                position += 1
            }
            guard let high = nibble(utf8[position]), let low = nibble(utf8[position + 1]) else { return false }
            bytes[index] = high << 4 | low
            position += 2
        }
        return true
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
