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
        } catch {
            throw .invalid(
                field,
                "the secret with Source \(description.source) and Name \(name) could not be obtained: \(error.message)"
            )
        }
    }
}
