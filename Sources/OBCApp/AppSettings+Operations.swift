import Foundation
import Logging
import OBCCore
import OBCObservability
import OBCPluginAPI

/// The production settings: log level and format, who may call the API, the listener's TLS.
extension AppSettings {
    public static let logLevelKey = "OpenBankingConnector:Logging:Level"
    public static let logFormatKey = "OpenBankingConnector:Logging:Format"
    public static let accessLogProbesKey = "OpenBankingConnector:Logging:AccessLogProbes"
    public static let openProbesKey = "OpenBankingConnector:Security:OpenProbes"
    public static let networkIsProtectedKey = "OpenBankingConnector:Security:NetworkIsProtected"
    public static let tlsCertificateFileKey = "OpenBankingConnector:Security:Tls:CertificateFile"
    public static let tlsKeyFileKey = "OpenBankingConnector:Security:Tls:KeyFile"
    public static let tlsClientCaFileKey = "OpenBankingConnector:Security:Tls:ClientCaFile"

    /// The log level (trace, debug, info, notice, warning, error, critical; default info).
    public func logLevel() throws(OBCError) -> Logger.Level {
        guard let text = values[Self.logLevelKey] else { return .info }
        guard let level = Logger.Level(rawValue: text.lowercased()) else {
            let levels = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
            throw OBCError(.misconfigured, "\(Self.logLevelKey) '\(text)' is not a log level (\(levels)).")
        }
        return level
    }

    /// The log format: text (default) or json (one object a line).
    public func logFormat() throws(OBCError) -> LogFormat {
        guard let text = values[Self.logFormatKey] else { return .text }
        guard let format = LogFormat(rawValue: text.lowercased()) else {
            throw OBCError(.misconfigured, "\(Self.logFormatKey) '\(text)' is not a log format (text, json).")
        }
        return format
    }

    /// Each true-or-false setting's default, where it is read and where the reference is checked.
    public static let flagDefaults = [openProbesKey: true, accessLogProbesKey: false, networkIsProtectedKey: false]

    /// A true-or-false setting of `flagDefaults`, at its default when unset.
    public func flag(_ key: String) throws(OBCError) -> Bool {
        try flag(key, default: Self.flagDefaults[key] ?? false)
    }

    public func flag(_ key: String, default value: Bool) throws(OBCError) -> Bool {
        guard let text = values[key] else { return value }
        switch text.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw OBCError(.misconfigured, "\(key) '\(text)' is not true or false.")
        }
    }
}
