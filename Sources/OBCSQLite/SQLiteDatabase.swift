import GRDB

/// The database pool as the repositories use it: every access leaves a failure of the file
/// (see ``SQLiteFailure``) as the core's unavailable error, anything else as it was.
struct SQLiteDatabase: Sendable {
    let base: DatabasePool

    /// Reads on the calling thread. A read in WAL mode never waits for a writer, and GRDB's
    /// asynchronous read hops to its reader queue and back (two thread switches), which cost
    /// more than the indexed reads the repositories make; writes still go to GRDB's writer
    /// queue, since they can wait on another process's lock.
    func read<Value: Sendable>(_ value: @Sendable (Database) throws -> Value) async throws -> Value {
        do { return try Self.readHere(base, value) } catch { throw SQLiteFailure.translated(error) }
    }

    /// GRDB's synchronous read (from a synchronous function, so the asynchronous one is not chosen).
    private static func readHere<Value>(_ pool: DatabasePool, _ value: (Database) throws -> Value) throws -> Value {
        try pool.read(value)
    }

    func write<Value: Sendable>(_ updates: @Sendable (Database) throws -> Value) async throws -> Value {
        do { return try await base.write(updates) } catch { throw SQLiteFailure.translated(error) }
    }

    func writeWithoutTransaction<Value: Sendable>(_ updates: @Sendable (Database) throws -> Value) async throws -> Value {
        do { return try await base.writeWithoutTransaction(updates) } catch { throw SQLiteFailure.translated(error) }
    }
}
