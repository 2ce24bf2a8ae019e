import Foundation
import OBCApp

/// The SQLite file `obc serve` is about to create, so a start that fails (a port in use, a
/// bad TLS file) leaves no new database behind. Nil when the provider is not SQLite or the
/// file already exists.
struct CreatedDatabase {
    let path: String

    init?(settings: AppSettings) throws {
        guard try DatabaseSettings(values: settings.values).provider.usesDatabasePath else { return nil }
        try settings.database.prepare(mayCreate: true)
        guard !FileManager.default.fileExists(atPath: settings.database.path) else { return nil }
        path = settings.database.path
    }

    /// Removes the file and SQLite's companions (`-wal`, `-shm`, `-journal`).
    func remove() {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
