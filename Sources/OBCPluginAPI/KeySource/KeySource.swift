/// A place secrets live (configuration, AWS SSM, …). Each ships as a plugin target and is
/// registered at start-up; records name secrets by `{Source, Name}` and never hold values.
public protocol KeySource: Sendable {
    /// The `Source` value this plugin answers for.
    var source: SecretSource { get }
    /// Fetches the secret called `name`. Errors say why, naming the secret but never a value.
    func secret(named name: String) async throws(KeySourceError) -> SecretValue
}
