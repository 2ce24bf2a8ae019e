import OBCPluginAPI

/// Names a secret held outside the database. Only this name is ever stored; the value
/// is fetched from its source when needed, so a database dump holds no key material.
public struct SecretDescription: Sendable, Hashable, Codable {
    public var source: SecretSource
    public var name: String

    public init(source: SecretSource = .configuration, name: String) {
        self.source = source
        self.name = name
    }

    enum CodingKeys: String, CodingKey {
        case source
        case name
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.source = try container.decodeIfPresent(SecretSource.self, forKey: .source) ?? .configuration
        self.name = try container.decode(String.self, forKey: .name)
    }
}
