import Foundation
import OBCCore
import OBCPluginAPI

/// The deployment settings, resolved once from three layers: the YAML config file, then the
/// environment, then command-line flags (each later layer wins).
public struct AppSettings: Sendable {
    public static let databasePathKey = "OpenBankingConnector:Database:Path"
    public static let hostKey = "OpenBankingConnector:Server:Host"
    public static let portKey = "OpenBankingConnector:Server:Port"
    public static let swaggerAssetsKey = "OpenBankingConnector:Swagger:AssetsDirectory"
    public static let extraTrustRootsKey = "OpenBankingConnector:Http:ExtraTrustRoots"
    public static let outboundTimeoutKey = "OpenBankingConnector:Http:TimeoutSeconds"
    public static let shutdownGraceKey = "OpenBankingConnector:Server:ShutdownGraceSeconds"

    /// Settings that name a file or folder: relative values in a config file are read from the file's folder.
    static let pathKeys = [databasePathKey, swaggerAssetsKey, extraTrustRootsKey, tlsCertificateFileKey, tlsKeyFileKey, tlsClientCaFileKey]

    /// Short environment names for the settings people set most, next to the `__` forms.
    static let environmentAliases = [
        "OBC_DATABASE": databasePathKey, "OBC_HOST": hostKey, "OBC_PORT": portKey, "OBC_SWAGGER_ASSETS": swaggerAssetsKey,
        "OBC_LOG_LEVEL": logLevelKey, "OBC_LOG_FORMAT": logFormatKey,
    ]

    /// All configuration values (secrets for the `Configuration` key source included).
    public let values: ConfigurationValues
    public let configFile: String?
    /// The command-line layer, kept so a reload (SIGHUP) stacks the same flags on the new file.
    public let flags: [String: String?]

    public var databasePath: String { database.path }
    public var database: DatabaseLocation { DatabaseLocation(path: values[Self.databasePathKey] ?? "./obc.sqlite") }
    public var host: String { values[Self.hostKey] ?? "127.0.0.1" }
    public var swaggerAssetsDirectory: String? { values[Self.swaggerAssetsKey] }

    /// The deadline for each call to a bank or the Directory (default 30 s).
    public func outboundTimeout() throws(OBCError) -> Duration? {
        guard let text = values[Self.outboundTimeoutKey] else { return nil }
        guard let seconds = Double(text), seconds > 0 else {
            throw OBCError(.misconfigured, "\(Self.outboundTimeoutKey) '\(text)' is not a positive number of seconds.")
        }
        return .milliseconds(Int(seconds * 1000))
    }

    /// How long `obc serve` waits for requests in flight after SIGINT or SIGTERM (default 10 s).
    public func shutdownGracePeriod() throws(OBCError) -> Duration {
        guard let text = values[Self.shutdownGraceKey] else { return .seconds(10) }
        guard let seconds = Double(text), seconds >= 0, seconds <= 3600 else {
            throw OBCError(.misconfigured, "\(Self.shutdownGraceKey) '\(text)' is not a number of seconds from 0 to 3600.")
        }
        return .milliseconds(Int(seconds * 1000))
    }

    public func port() throws(OBCError) -> Int {
        guard let text = values[Self.portKey] else { return 8080 }
        guard let port = Int(text), (0...65535).contains(port) else {
            throw OBCError(.misconfigured, "The port '\(text)' is not a number from 0 to 65535.")
        }
        return port
    }

    /// Layers the file named by `configFile` (or `OBC_CONFIG`), the environment, then `flags`.
    public init(
        configFile: String? = nil,
        flags: [String: String?] = [:],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(OBCError) {
        let file = configFile ?? environment["OBC_CONFIG"]
        var layers = try file.map { path throws(OBCError) in try Self.fileLayer(at: path) } ?? ConfigurationValues()
        var aliased: [String: String] = [:]
        for (variable, key) in Self.environmentAliases {
            if let value = environment[variable] { aliased[key] = value }
        }
        layers = layers.overlaid(with: .environment(environment)).overlaid(with: ConfigurationValues(aliased))
        layers = layers.overlaid(with: ConfigurationValues(flags.compactMapValues { $0 }))
        self.values = layers
        self.configFile = file
        self.flags = flags
    }

    /// The config file's values, with relative paths in it made relative to its folder.
    static func fileLayer(at path: String) throws(OBCError) -> ConfigurationValues {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        return try ConfigurationValues.yamlFile(at: path).mapping(pathKeys) { value in
            value.hasPrefix("/") || value.hasPrefix("~") ? value : folder.appendingPathComponent(value).standardizedFileURL.path
        }
    }
}
