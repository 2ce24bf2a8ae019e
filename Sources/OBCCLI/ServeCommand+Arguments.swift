import Foundation
import Logging
import OBCObservability

extension ServeCommand {
    /// The format of lines written before the settings are read: `--log-format`, else
    /// `OBC_LOG_FORMAT`, else text; so a wrong option is already reported as a JSON line.
    var earlyLogFormat: LogFormat {
        let text = logFormat ?? ProcessInfo.processInfo.environment["OBC_LOG_FORMAT"] ?? ""
        return LogFormat(rawValue: text.lowercased()) ?? .text
    }

    /// The option values, checked before anything is read or created (exit 64 when wrong).
    func checkArguments() throws(CLIUsageError) {
        if let port, Int(port).map({ (0...65535).contains($0) }) != true {
            throw CLIUsageError("--port '\(port)' is not a number from 0 to 65535.")
        }
        if let logLevel, Logger.Level(rawValue: logLevel.lowercased()) == nil {
            let levels = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
            throw CLIUsageError("--log-level '\(logLevel)' is not a log level (\(levels)).")
        }
        if let logFormat, LogFormat(rawValue: logFormat.lowercased()) == nil {
            throw CLIUsageError("--log-format '\(logFormat)' is not a log format (text, json).")
        }
        if let host, host.trimmingCharacters(in: .whitespaces).isEmpty {
            throw CLIUsageError("--host is empty; give an address such as 127.0.0.1 or 0.0.0.0.")
        }
    }
}
