import GRDB

/// The database pool as the repositories use it: every access leaves a failure of the file
/// (see ``SQLiteFailure``) as the core's unavailable error, anything else as it was.
struct SQLiteDatabase: Sendable {
    let base: DatabasePool

    func read<Value: Sendable>(_ value: @Sendable (Database) throws -> Value) async throws -> Value {
        do { return try await base.read(value) } catch { throw SQLiteFailure.translated(error) }
    }

    func write<Value: Sendable>(_ updates: @Sendable (Database) throws -> Value) async throws -> Value {
        do { return try await base.write(updates) } catch { throw SQLiteFailure.translated(error) }
    }

    func writeWithoutTransaction<Value: Sendable>(_ updates: @Sendable (Database) throws -> Value) async throws -> Value {
        do { return try await base.writeWithoutTransaction(updates) } catch { throw SQLiteFailure.translated(error) }
    }
}
