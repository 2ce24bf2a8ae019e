/// What an opened store says about itself for the start-up line: where it is (no secret: no
/// password, no connection string) and its schema.
public struct StoreSummary: Sendable, Equatable {
    /// A file path, or `host:port/database`.
    public var location: String
    /// The highest migration the database has.
    public var schemaVersion: Int
    /// How many migrations this open applied (0 when the schema was already current).
    public var migrationsApplied: Int

    public init(location: String, schemaVersion: Int, migrationsApplied: Int) {
        self.location = location
        self.schemaVersion = schemaVersion
        self.migrationsApplied = migrationsApplied
    }
}
