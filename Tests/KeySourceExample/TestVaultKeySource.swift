import Foundation
import OBCPluginAPI

/// The `TestVault` source: one 32-byte key under `vault/encryption-key`, nothing else.
public struct TestVaultKeySource: KeySource {
    public let source = SecretSource("TestVault")
    public static let key = Data((0..<32).map { UInt8($0) }).base64EncodedString()

    public init() {}

    public func secret(named name: String) async throws(KeySourceError) -> SecretValue {
        guard name == "vault/encryption-key" else { throw KeySourceError(.notFound, "TestVault has no secret \(name).") }
        return SecretValue(Self.key)
    }
}
