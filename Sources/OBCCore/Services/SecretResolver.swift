import OBCPluginAPI

/// Resolves `{Source, Name}` descriptions through the registry's key sources and turns
/// failures into request errors that name the field, the source and the name, never a value.
public struct SecretResolver: Sendable {
    public let registry: PluginRegistry

    public init(registry: PluginRegistry) { self.registry = registry }

    public func resolve(_ description: SecretDescription, field: String) async throws(OBCError) -> SecretValue {
        let name = description.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw .invalid("\(field).Name", "must not be empty.") }
        let keySource = try registry.keySource(for: description.source, field: "\(field).Source")
        do {
            return try await keySource.secret(named: name)
        } catch let error where error.reason == .notFound {
            throw Self.unusable(description, field: field, cause: error.message)
        } catch {
            throw .invalid(
                field,
                "the secret with Source \(description.source) and Name \(name) could not be obtained: \(error.message)"
            )
        }
    }

    /// The one answer for a secret that does not exist and for one that exists but is not a
    /// usable key, so a caller cannot probe which names exist (a name pointing at `PATH`
    /// answers like a name pointing at nothing). The reason is kept as the error's cause.
    public static func unusable(_ description: SecretDescription, field: String, cause: String) -> OBCError {
        let name = description.name.trimmingCharacters(in: .whitespacesAndNewlines)
        return OBCError.invalid(
            field,
            "the secret with Source \(description.source) and Name \(name) does not exist or is not a usable key; the server log says which."
        ).withCause(cause)
    }

    /// The private key `description` names, as a signer: the key source's own when it keeps
    /// keys (a `SigningKeySource`, such as a PKCS#11 token), else the secret parsed by `parse`
    /// into an in-process key. A key that does not exist or is not a key gets `unusable`; a
    /// keeper that cannot be used now (token absent, busy, PIN refused) is a 503 naming the key.
    public func signer(
        _ description: SecretDescription, field: String,
        parse: (SecretValue) throws(OBCError) -> SigningKey = { v throws(OBCError) in try SigningKey(pem: v) }
    ) async throws(OBCError) -> any KeySigner {
        let keySource = try registry.keySource(for: description.source, field: "\(field).Source")
        guard let keeper = keySource as? any SigningKeySource else {
            let secret = try await resolve(description, field: field)
            do {
                return try parse(secret)
            } catch {
                throw Self.unusable(description, field: field, cause: error.detail)
            }
        }
        let name = description.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw .invalid("\(field).Name", "must not be empty.") }
        do {
            return try await keeper.signer(named: name, secrets: lookup)
        } catch let error where error.reason == .notFound {
            throw Self.unusable(description, field: field, cause: error.message)
        } catch let error where error.reason == .invalidName {
            throw OBCError.invalid(field, "the key with Source \(description.source) and Name \(name) cannot be used: \(error.message)")
        } catch {
            throw OBCError(
                .unavailable, field: field, "the key with Source \(description.source) and Name \(name) cannot be used now: \(error.message)")
        }
    }

    /// Any registered key source's secrets, for a key source that needs one (a token's PIN).
    public var lookup: SecretLookup {
        SecretLookup { [registry] source, name throws(KeySourceError) in
            guard let keySource = registry.keySources[source] else {
                throw KeySourceError(.notFound, "no key source \(source) is available in this build.")
            }
            return try await keySource.secret(named: name)
        }
    }

    /// True when `description`'s source keeps its keys (and so signs rather than hands out bytes).
    public func keepsKeys(_ description: SecretDescription) -> Bool {
        registry.keySources[description.source] is any SigningKeySource
    }
}
