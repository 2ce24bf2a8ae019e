import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import OBCApp
import OBCCore
import OBCPluginAPI

/// A runtime on a fresh SQLite file in a temporary folder, configured through environment
/// variables (the `Configuration` key source's `__` form), exactly as an operator would.
public struct TestRuntime: Sendable {
    public let directory: URL
    public let databasePath: String
    public let environment: [String: String]
    public let logs: LogCapture

    public init(environment: [String: String] = [:], directory: URL? = nil) throws {
        let directory = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("obc-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.directory = directory
        self.databasePath = directory.appendingPathComponent("obc.sqlite").path
        self.environment = environment
        self.logs = LogCapture()
    }

    /// The same database with a different environment (for example a key that went missing).
    public func reopened(environment: [String: String]) throws -> TestRuntime {
        try TestRuntime(environment: environment, directory: directory)
    }

    /// The same runtime on a fresh database of the test process's PostgreSQL cluster.
    public static func postgres(environment: [String: String] = [:]) async throws -> TestRuntime {
        let cluster = try await PostgresTestCluster.shared()
        let database = try await cluster.createDatabase()
        return try TestRuntime(environment: environment.merging(cluster.environment(database: database)) { _, new in new })
    }

    public var settings: AppSettings {
        get throws { try AppSettings(flags: [AppSettings.databasePathKey: databasePath], environment: environment) }
    }

    /// A runtime on SQLite (the configured provider is not consulted).
    public func makeRuntime(plugins: [any OBCPlugin.Type] = pluginList) throws -> OBCRuntime {
        try OBCRuntime(settings: settings, plugins: plugins, logger: logs.logger())
    }

    /// A runtime on the configured store (SQLite or PostgreSQL); close it when done.
    public func openRuntime(
        plugins: [any OBCPlugin.Type] = pluginList, stores: [any StoreProvider.Type] = storeProviderList
    ) async throws -> OBCRuntime {
        try await OBCRuntime.open(settings: settings, plugins: plugins, stores: stores, logger: logs.logger())
    }

    /// Runs `body` against the real HTTP server on a loopback port, on the configured store.
    public func withServer(
        plugins: [any OBCPlugin.Type] = pluginList, stores: [any StoreProvider.Type] = storeProviderList,
        expiryLogInterval: Duration? = nil, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let runtime = try await openRuntime(plugins: plugins, stores: stores)
        do {
            let app = try await buildApplication(runtime: runtime, port: 0, expiryLogInterval: expiryLogInterval)
            try await app.test(.live) { client in try await body(client) }
        } catch {
            await runtime.close()
            throw error
        }
        await runtime.close()
    }

    public func removeFiles() {
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Collects every log line so tests can assert that no secret value is ever logged.
public final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    public init() {}

    public var text: String { lock.withLock { lines.joined(separator: "\n") } }

    func append(_ line: String) {
        lock.withLock { lines.append(line) }
        TestRunRecorder.log(line)
    }

    public func logger() -> Logger {
        var logger = Logger(label: "obc-test") { _ in CapturingHandler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    struct CapturingHandler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            capture.append("\(event.level) \(event.message) \(event.metadata ?? [:]) \(self.metadata)")
        }
    }
}
