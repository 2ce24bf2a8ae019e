import Tracing

/// Opens one client span per store operation, named `store.<repository>.<operation>`, with the
/// database system and the operation as attributes. Never an id, a value or a query.
struct StoreSpans: Sendable {
    /// OpenTelemetry's name of the database system: `sqlite`, `postgresql`.
    let system: String
    /// The repository's name on the `Store` port, such as `bankRegistrations`.
    let repository: String

    func run<Result>(_ operation: String, _ body: () async throws -> Result) async throws -> Result {
        guard TracingState.isRecording else { return try await body() }
        return try await withSpan("store.\(repository).\(operation)", ofKind: .client) { span in
            span.attributes["db.system"] = system
            span.attributes["db.system.name"] = system
            span.attributes["db.operation.name"] = operation
            span.attributes["db.collection.name"] = repository
            do {
                return try await body()
            } catch {
                span.setStatus(.init(code: .error))
                throw error
            }
        }
    }
}
