import Foundation

extension PostgresTestCluster {
    /// From now on TCP clients must give `password` (SCRAM) as ``user``; the socket stays trusted.
    public func requirePassword(_ password: String) async throws {
        _ = try await Self.offload {
            let statement = "ALTER USER \(Self.user) PASSWORD '\(password)'"
            try Self.run([
                "\(Self.binaries)/psql", "-h", "\(self.directory)/sock", "-p", String(self.port), "-U", Self.user, "-d", "postgres", "-c", statement,
            ])
            let rules = "local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\nhost all all ::1/128 scram-sha-256\n"
            try rules.write(toFile: "\(self.directory)/data/pg_hba.conf", atomically: false, encoding: .utf8)
            try Self.run(["\(Self.binaries)/pg_ctl", "-D", "\(self.directory)/data", "reload"])
            Thread.sleep(forTimeInterval: 0.5)  // the server reads pg_hba.conf on SIGHUP, a moment later
        }
    }

    /// Stops the server at once (as a crash would) and starts it again on the same port.
    public func restartImmediately() async throws {
        try await pause()
        try await resume()
    }
}
