/// Where a secret lives. An open set: each key-source plugin brings its own value, and the
/// registry decides which ones this build understands.
public struct SecretSource: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// Configuration values: the YAML file and environment variables (OBC's default source).
    public static let configuration = SecretSource("Configuration")
    /// AWS Systems Manager Parameter Store.
    public static let awsSsmParameterStore = SecretSource("AwsSsmParameterStore")
    /// Google Cloud Secret Manager (OBC 18.x).
    public static let googleCloudSecretManagerV1 = SecretSource("GoogleCloudSecretManagerV1")
}
