import Foundation
import Logging
import OBCCore
import OBCPluginAPI
import Synchronization

@testable import KeySourceGCPSecretManager

extension FakeGoogleCloud {
    /// Plugin settings pointing at this fake: its API endpoint and its CA as an extra trust root.
    func configuration(_ extra: [String: String] = [:]) -> ConfigurationValues {
        ConfigurationValues(
            [GCPSecretManagerSettings.endpointKey: baseURL, GCPSecretManagerSettings.sharedTrustRootsKey: Self.caFile].merging(extra) { $1 })
    }

    /// A client with the given environment (only what is passed: no HOME, so no ADC file).
    func client(
        environment: [String: String], configuration extra: [String: String] = [:], refreshMargin: TimeInterval = 300,
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws -> SecretManagerClient {
        try GCPSecretManagerSettings(configuration: configuration(extra)).makeClient(
            environment: environment, refreshMargin: refreshMargin, metadataTimeout: .seconds(15), now: now)
    }

    /// The key source as `obc` registers it, built from configuration and `environment`.
    func keySource(environment: [String: String], configuration extra: [String: String] = [:]) throws -> GCPSecretManagerKeySource {
        try GCPSecretManagerKeySource(configuration: configuration(extra), environment: environment, logger: Logger(label: "test"))
    }
}

/// A fresh directory under the temporary folder, removed after `body`.
func withTemporaryDirectory<T>(_ body: (URL) async throws -> T) async throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("obc-gcp-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try await body(directory)
}

/// A clock the test moves by hand.
final class TestClock: Sendable {
    private let offset = Mutex<TimeInterval>(0)
    func advance(by seconds: TimeInterval) { offset.withLock { $0 += seconds } }
    var now: Date { Date().addingTimeInterval(offset.withLock { $0 }) }
}
