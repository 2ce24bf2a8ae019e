/// A key source that keeps private keys itself (a PKCS#11 token, an HSM) and signs with them,
/// so no key bytes enter the process. The core asks it for a signer where it would otherwise
/// read a PEM secret; `secret(named:)` is still asked for plain secrets.
public protocol SigningKeySource: KeySource {
    /// The key called `name` as a signer. `secrets` reads secrets from any registered key
    /// source (for example the token's PIN); errors name the key, never a value.
    func signer(named name: String, secrets: SecretLookup) async throws(KeySourceError) -> any KeySigner
}

/// Reads a secret from any key source the host registered, for a plugin that needs one of its
/// own (a PIN) from wherever the operator keeps it.
public struct SecretLookup: Sendable {
    private let lookup: @Sendable (SecretSource, String) async throws(KeySourceError) -> SecretValue

    public init(_ lookup: @escaping @Sendable (SecretSource, String) async throws(KeySourceError) -> SecretValue) {
        self.lookup = lookup
    }

    public func secret(source: SecretSource, named name: String) async throws(KeySourceError) -> SecretValue {
        try await lookup(source, name)
    }
}
