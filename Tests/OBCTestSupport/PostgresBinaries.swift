import Foundation

/// Where the PostgreSQL server programs (`initdb`, `pg_ctl`, `createdb`) are:
/// `OBC_TEST_POSTGRES_BINDIR` when set, else what `pg_config --bindir` prints, else the newest
/// `/usr/lib/postgresql/<version>/bin` holding `initdb` (Debian's `pg_config` belongs to
/// libpq-dev and may be absent where the server is installed).
public enum PostgresBinaries {
    public static let directory: String? = find(environment: ProcessInfo.processInfo.environment)

    public static func find(environment: [String: String]) -> String? {
        if let path = environment["OBC_TEST_POSTGRES_BINDIR"], !path.isEmpty { return path }
        if let path = pgConfigBindir(), hasInitdb(path) { return path }
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return versions.compactMap(Int.init).sorted(by: >).map { "\(root)/\($0)/bin" }.first(where: hasInitdb)
    }

    static func hasInitdb(_ directory: String) -> Bool { FileManager.default.isExecutableFile(atPath: "\(directory)/initdb") }

    public static func pgConfigBindir() -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["pg_config", "--bindir"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
