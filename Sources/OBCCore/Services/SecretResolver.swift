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
}
