import Crypto
import Foundation
import OBCPluginAPI

/// Resolves encryption key descriptions to AES-256 keys through their key source, once:
/// keys are cached for the life of the process, as OBC does, so sealing never waits on a
/// key store.
public actor EncryptionKeyResolver {
    private let secrets: SecretResolver
    private var cache: [UUID: SymmetricKey] = [:]

    public init(secrets: SecretResolver) { self.secrets = secrets }

    /// The key if it was resolved before.
    public func cached(_ id: UUID) -> SymmetricKey? { cache[id] }

    /// Resolves and caches the key; throws a request error naming `field` if the secret is
    /// missing or is not base64 of exactly 32 bytes (one answer for both; the reason is the cause).
    @discardableResult
    public func load(_ description: EncryptionKeyDescription, field: String) async throws(OBCError) -> SymmetricKey {
        if let key = cache[description.id] { return key }
        let secret = try await secrets.resolve(description.key, field: field)
        let text = secret.revealed.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Data(base64Encoded: text) else {
            throw SecretResolver.unusable(
                description.key, field: field,
                cause: "the secret is not base64; an encryption key is base64 of 32 random bytes (see `obc keys generate`).")
        }
        guard bytes.count == 32 else {
            throw SecretResolver.unusable(
                description.key, field: field, cause: "the secret decodes to \(bytes.count) bytes; an AES-256 key must be exactly 32 bytes.")
        }
        let key = SymmetricKey(data: bytes)
        cache[description.id] = key
        return key
    }
}
