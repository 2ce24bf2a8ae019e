import Foundation

/// OBC's JSON conventions: PascalCase property names (read case-insensitively on the first
/// letter, as Newtonsoft does), nulls omitted, ISO 8601 timestamps with fractional seconds.
public enum PascalCaseJSON {
    /// One encoder and one decoder for every response, request body and stored description:
    /// making and configuring one per use showed in the request path's profile. Their settings
    /// never change after they are made.
    public static let sharedEncoder = encoder()
    public static let sharedDecoder = decoder()

    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .custom { path in
            // Documents passed through from banks (`ExternalApiResponse`) keep their own names.
            if path.dropLast().contains(where: { verbatimContainers.contains($0.stringValue) }) {
                return PascalKey(stringValue: path.last!.stringValue)
            }
            return PascalKey(stringValue: pascalCased(path.last!.stringValue))
        }
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(timestampStyle))
        }
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .custom { path in
            PascalKey(stringValue: camelCased(path.last!.stringValue))
        }
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// Properties whose contents are encoded with their keys unchanged.
    static let verbatimContainers: Set<String> = ["externalApiResponse"]

    /// Timestamps as OBC writes them: ISO 8601 in UTC with milliseconds.
    static let timestampStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// `defaultObWacCertificateId` → `DefaultObWacCertificateId`. Called for every key of
    /// every response, so an ASCII first letter (every key of ours) is changed in place.
    public static func pascalCased(_ key: String) -> String {
        guard let first = key.utf8.first else { return key }
        if first < 0x80 {
            guard first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") else { return key }
            return replacingFirstByte(of: key, with: first - 0x20)
        }
        guard let character = key.first, Int(key) == nil else { return key }
        return character.uppercased() + key.dropFirst()
    }

    static func camelCased(_ key: String) -> String {
        guard let first = key.utf8.first else { return key }
        if first < 0x80 {
            guard first >= UInt8(ascii: "A"), first <= UInt8(ascii: "Z") else { return key }
            return replacingFirstByte(of: key, with: first + 0x20)
        }
        guard let character = key.first, Int(key) == nil else { return key }
        return character.lowercased() + key.dropFirst()
    }

    /// `key` with its first (ASCII) byte replaced by `byte`, in one allocation.
    private static func replacingFirstByte(of key: String, with byte: UInt8) -> String {
        let count = key.utf8.count
        return String(unsafeUninitializedCapacity: count) { buffer in
            _ = buffer.initialize(fromContentsOf: key.utf8)
            buffer[0] = byte
            return count
        }
    }

    struct PascalKey: CodingKey {
        var stringValue: String
        var intValue: Int?
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) {
            self.stringValue = String(intValue)
            self.intValue = intValue
        }
    }
}
