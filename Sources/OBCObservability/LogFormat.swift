import Foundation
import Logging
import Synchronization

/// How log lines are written: `text` for people, `json` (one object a line) for collectors.
public enum LogFormat: String, Sendable, CaseIterable {
    case text
    case json
}

/// The level and format every handler of the process reads, so a configuration reload
/// (SIGHUP) changes them without new loggers.
public final class LogSettings: Sendable {
    private let state: Mutex<(level: Logger.Level, format: LogFormat)>

    public init(level: Logger.Level = .info, format: LogFormat = .text) {
        state = Mutex((level, format))
    }

    public var level: Logger.Level { state.withLock { $0.level } }
    public var format: LogFormat { state.withLock { $0.format } }

    public func update(level: Logger.Level, format: LogFormat) {
        state.withLock { $0 = (level, format) }
    }

    /// A logger whose handler writes to standard error in the current format at the current level.
    public func logger(label: String) -> Logger {
        Logger(label: label) { label in LineLogHandler(label: label, settings: self) }
    }

    /// A handler like the loggers above write with, for `LoggingSystem.bootstrap`, so that
    /// libraries' own loggers write the same lines.
    public func handler(label: String) -> any LogHandler {
        LineLogHandler(label: label, settings: self)
    }
}

/// Writes one line per event to standard error, as text or JSON.
struct LineLogHandler: LogHandler {
    let label: String
    let settings: LogSettings
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    var logLevel: Logger.Level {
        get { settings.level }
        set {}  // the level is the process's, changed through LogSettings
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        let line = LogLine(date: Date(), level: event.level, label: label, message: "\(event.message)", metadata: merged)
        let text = settings.format == .json ? line.json() : line.text()
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

/// One event, ready to print.
struct LogLine {
    var date: Date
    var level: Logger.Level
    var label: String
    var message: String
    var metadata: Logger.Metadata

    /// One line: line breaks inside the message or a value (a multi-line error) become ` | `.
    func text() -> String {
        let fields = metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let stamp = date.formatted(.iso8601)
        return Self.oneLine("\(stamp) \(level) \(label): \(message)" + (fields.isEmpty ? "" : " " + fields))
    }

    /// One JSON object; numbers and booleans stay JSON numbers and booleans.
    func json() -> String {
        var object: [String: Any] = ["timestamp": date.formatted(.iso8601), "level": level.rawValue, "logger": label, "message": message]
        for (key, value) in metadata where object[key] == nil { object[key] = Self.jsonValue(value) }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    static func jsonValue(_ value: Logger.MetadataValue) -> Any {
        switch value {
        case .string(let text): text
        case .stringConvertible(let item as Bool): item
        case .stringConvertible(let item as any BinaryInteger): NSNumber(value: Int64(clamping: item))
        case .stringConvertible(let item as Double) where item.isFinite: item
        case .stringConvertible(let item): "\(item)"
        case .array(let items): items.map(jsonValue)
        case .dictionary(let items): items.mapValues(jsonValue)
        }
    }

    static func oneLine(_ text: String) -> String {
        guard text.contains(where: \.isNewline) else { return text }
        return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .joined(separator: " | ")
    }
}
