import Foundation

/// A throwaway PostgreSQL cluster for tests: `initdb` in a temporary folder (as the
/// `postgres` user when the tests run as root, which `initdb` refuses), a private socket
/// folder, loopback on a free port, trust authentication. One cluster per test process,
/// stopped at exit; each test takes a fresh database from it.
public final class PostgresTestCluster: Sendable {
    /// The server programs' folder (see `PostgresBinaries`); a path that fails loudly when none was found.
    public static let binaries = PostgresBinaries.directory ?? "/nonexistent/postgresql/bin"
    public static let skipMessage =
        "PostgreSQL server binaries not found (no OBC_TEST_POSTGRES_BINDIR, `pg_config --bindir` or /usr/lib/postgresql/<version>/bin with initdb; apt package postgresql); PostgreSQL tests skipped."
    /// Whether the PostgreSQL suites run: when the binaries are there, and always on CI
    /// (`CI=true`), where missing binaries fail the suites instead of skipping them.
    public static var available: Bool { TestEnvironment.runs(needing: PostgresBinaries.directory != nil) }

    public let directory: String
    public let port: Int
    /// Server settings (`name=value`) beyond the ones every test cluster has.
    let settings: [String]
    public static let user = "obc"

    /// The process's cluster, started on first use and stopped when the process exits.
    public static func shared() async throws -> PostgresTestCluster {
        try await SharedCluster.instance.get()
    }

    actor SharedCluster {
        static let instance = SharedCluster()
        static let stopAtExit: Void = { atexit { SharedCluster.stopNow() } }()
        static let stopped = NSLockedValue<PostgresTestCluster?>(nil)
        private var starting: Task<PostgresTestCluster, any Error>?

        static func stopNow() {
            let cluster = stopped.withLock { $0 }
            cluster?.stopNow()
        }

        func get() async throws -> PostgresTestCluster {
            if starting == nil {
                starting = Task {
                    let cluster = try await PostgresTestCluster.start()
                    SharedCluster.stopped.withLock { $0 = cluster }
                    _ = SharedCluster.stopAtExit
                    return cluster
                }
            }
            return try await starting!.value
        }
    }

    init(directory: String, port: Int, settings: [String]) {
        self.directory = directory
        self.port = port
        self.settings = settings
    }

    /// A cluster of the caller's own (to stop and start again), with extra server `settings`
    /// (`name=value`); `stop()` it when done.
    public static func start(settings: [String] = []) async throws -> PostgresTestCluster {
        try await offload { try startNow(settings: settings) }
    }

    static func startNow(settings: [String]) throws -> PostgresTestCluster {
        guard PostgresBinaries.directory != nil else { throw FixtureError(message: skipMessage) }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("obc-pg-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: "\(directory)/sock", withIntermediateDirectories: true)
        try run(["/bin/chown", "-R", "postgres", directory], asPostgres: false, allowFailure: true)
        try run(["\(binaries)/initdb", "-D", "\(directory)/data", "-U", user, "--auth=trust", "-E", "UTF8", "--no-sync"])
        for _ in 0..<5 {
            let cluster = PostgresTestCluster(directory: directory, port: Int.random(in: 20_000..<60_000), settings: settings)
            if (try? cluster.resumeNow()) != nil { return cluster }
        }
        throw FixtureError(message: "PostgreSQL did not start; see \(directory)/log")
    }

    /// Runs `body` with a cluster of its own (to stop and start again), then stops it and
    /// checks that nothing listens on its port any more, whether `body` returned or threw.
    @discardableResult
    public static func withOwn<Result>(_ body: (PostgresTestCluster) async throws -> Result) async throws -> Result {
        let cluster = try await start()
        return try await withAwaitedCleanup {
            try await body(cluster)
        } cleanup: {
            try await cluster.stopChecked()
        }
    }

    /// ``stop()``, failing when the server still accepts connections afterwards.
    public func stopChecked() async throws {
        await stop()
        if await !closes(port: port, within: 10) { throw FixtureError(message: "PostgreSQL still listens on port \(port) after pg_ctl stop.") }
    }

    /// Starts the server (again) on its port.
    public func resume() async throws { try await Self.offload { try self.resumeNow() } }

    func resumeNow() throws {
        let options =
            (["-p \(port) -k \(directory)/sock -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300"] + settings.map { "-c \($0)" })
            .joined(separator: " ")
        try Self.run(["\(Self.binaries)/pg_ctl", "-D", "\(directory)/data", "-l", "\(directory)/log", "-w", "-o", options, "start"])
    }

    /// Stops the server at once, keeping its files, as a crash or a network cut would.
    public func pause() async throws {
        _ = try await Self.offload { try Self.run(["\(Self.binaries)/pg_ctl", "-D", "\(self.directory)/data", "-m", "immediate", "-w", "stop"]) }
    }

    /// A new empty database; returns its name.
    public func createDatabase() async throws -> String {
        let name = "obc_\(UUID().uuidString.prefix(8).lowercased())"
        _ = try await Self.offload {
            try Self.run(["\(Self.binaries)/createdb", "-h", "127.0.0.1", "-p", String(self.port), "-U", Self.user, name], asPostgres: false)
        }
        return name
    }

    /// OBC's connection string form for `database`.
    public func connectionString(database: String) -> String {
        "Host=127.0.0.1;Port=\(port);Database=\(database);Username=\(Self.user);SSL Mode=Disable"
    }

    /// Environment settings that select PostgreSQL on a fresh database.
    public func environment(database: String) -> [String: String] {
        [
            "OpenBankingConnector__Database__Provider": "PostgreSql",
            "OpenBankingConnector__Database__ConnectionStrings__PostgreSql": connectionString(database: database),
        ]
    }

    public func stop() async {
        _ = try? await Self.offload { self.stopNow() }
    }

    func stopNow() {
        _ = try? Self.run(["\(Self.binaries)/pg_ctl", "-D", "\(directory)/data", "-m", "immediate", "stop"], allowFailure: true)
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs blocking work (child processes) on a GCD thread, never on the cooperative pool.
    static func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }

    /// Runs a command to completion with posix_spawn and waitpid (Foundation's Process waits
    /// through a run loop that test threads do not run), output to a file, not a pipe: the
    /// server pg_ctl leaves running would hold a pipe open for ever.
    @discardableResult
    static func run(_ arguments: [String], asPostgres: Bool = true, allowFailure: Bool = false) throws -> String {
        let command = asPostgres && getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--"] + arguments : arguments
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("obc-pg-run-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, command[0], &actions, nil, argv, environ)
        guard spawned == 0 else { throw FixtureError(message: "cannot run \(command[0]): errno \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let text = String(decoding: FileManager.default.contents(atPath: outputPath) ?? Data(), as: UTF8.self)
        let exitCode = (status >> 8) & 0xff
        if exitCode != 0 && !allowFailure {
            throw FixtureError(message: "\(arguments.joined(separator: " ")) failed (\(exitCode)): \(text)")
        }
        return text
    }
}

/// A value behind a lock, for state shared with an `atexit` handler.
final class NSLockedValue<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<Result>(_ body: (inout Value) -> Result) -> Result { lock.withLock { body(&value) } }
}
