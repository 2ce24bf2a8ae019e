import Foundation

/// OBC's JSON conventions: PascalCase property names (read case-insensitively on the first
/// letter, as Newtonsoft does), nulls omitted, ISO 8601 timestamps with fractional seconds.
public enum PascalCaseJSON {
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
            try container.encode(date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
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

    /// `defaultObWacCertificateId` → `DefaultObWacCertificateId`.
    public static func pascalCased(_ key: String) -> String {
        guard let first = key.first, Int(key) == nil else { return key }
        return first.uppercased() + key.dropFirst()
    }

    static func camelCased(_ key: String) -> String {
        guard let first = key.first, Int(key) == nil else { return key }
        return first.lowercased() + key.dropFirst()
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
