import Foundation
import OBCPluginAPI

/// Whether this process can seal with the current encryption key. The current key is read
/// from the store on every seal (never cached per process), so a key set current by another
/// instance or the CLI is used by the next request; its AES key is resolved through this
/// process's own key sources, which may not hold it. Readiness asks this.
public struct CurrentKeyCheck: Sendable {
    let store: any Store
    let sealer: SecretSealer

    public init(store: any Store, sealer: SecretSealer) {
        self.store = store
        self.sealer = sealer
    }

    /// Nil when the current key resolves, or when no key is chosen yet (a fresh database can
    /// still accept its first key); otherwise what is wrong, naming the key's id, source and
    /// name (never a value). Database failures are thrown.
    public func problem() async throws -> String? {
        guard let id = try await currentId() else { return nil }
        do {
            _ = try await sealer.key(for: id)
            return nil
        } catch let error as OBCError where error.kind != .internal {
            let description = try await store.encryptionKeyDescriptions.find(id: id)
            let named = description.map { " (Source \($0.key.source), Name \($0.key.name))" } ?? ""
            return
                "The current encryption key \(id.lowercasedText)\(named) does not resolve in this process, so registrations cannot store secrets: \(error.detail) Supply the key to this instance's key source, or set another key current."
        }
    }

    private func currentId() async throws -> UUID? {
        do {
            return try await sealer.currentKeyId()
        } catch let error as OBCError where error.kind == .misconfigured {
            return nil
        }
    }
}
