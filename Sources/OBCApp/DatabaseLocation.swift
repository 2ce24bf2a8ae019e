import Foundation
import OBCCore
import OBCPluginAPI

/// Where the database lives, and the rule for creating it: `obc serve` creates a missing
/// database, every other command needs an existing one (unless given `--create`), so a
/// mistyped path is an error rather than a fresh, empty database.
public struct DatabaseLocation: Sendable, Equatable {
    /// The SQLite file.
    public var path: String

    public init(path: String) { self.path = path }

    /// Checks the path before the store opens it; throws a configuration error naming it.
    public func prepare(mayCreate: Bool) throws(OBCError) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            guard !isFolder.boolValue else {
                throw OBCError(.misconfigured, "The database path \(path) is a folder; give the path of a SQLite file.")
            }
            return
        }
        guard mayCreate else {
            throw OBCError(
                .misconfigured,
                "There is no database at \(path). Check --database, OBC_DATABASE or \(AppSettings.databasePathKey); "
                    + "`obc serve` creates a new one, as do `obc db migrate`, `obc keys add` and `obc keys list` given --create.")
        }
    }
}
