import Foundation
import GRDB
import OBCTestSupport
import Testing

/// Issue 12: while the database cannot be used, management routes answer 503 problem+json with
/// Retry-After and nothing of the connection; once it is back, the same request succeeds
/// without a restart. Real `obc serve` processes, a real PostgreSQL server stopped mid-test,
/// a real SQLite file locked by another connection. Every answer is checked against the served document.
@Suite("Management routes while the database is unavailable", .serialized)
struct DatabaseUnavailableTests {
    let fixture = try! ManagementFixture()

    @Test(.enabled(if: PostgresTestCluster.available, Comment(rawValue: PostgresTestCluster.skipMessage)))
    func postgresStoppedMidTestAnswers503AndRecovers() async throws {
        try await PostgresTestCluster.withOwn { cluster in
            let database = try await cluster.createDatabase()
            let environment = fixture.environment.merging(cluster.environment(database: database)) { _, new in new }
            try await CLIProcess.with(["serve", "--port", "0"], environment: environment) { server in
                let base = "http://127.0.0.1:\(try await server.listeningPort())"
                let created = try await LiveHTTP.checked("POST", base, "/manage/obwac-certificates", json: fixture.wacBody)
                #expect(created.status == 201, "\(created.text)")
                let path = "/manage/obwac-certificates/\(try #require(created["Id"] as? String))"

                try await cluster.pause()
                let connection = [cluster.connectionString(database: database), database, "Host=", "Port=", ":\(cluster.port)", "PSQLError"]
                expectUnavailable(try await LiveHTTP.checked("GET", base, path), revealingNoneOf: connection)
                expectUnavailable(
                    try await LiveHTTP.checked("POST", base, "/manage/obwac-certificates", json: fixture.wacBody), revealingNoneOf: connection)

                try await cluster.resume()
                let recovered = try await eventually { try await LiveHTTP.checked("GET", base, path) }
                #expect(recovered.status == 200, "\(recovered.text)")
                let again = try await LiveHTTP.checked("POST", base, "/manage/obwac-certificates", json: fixture.wacBody)
                #expect(again.status == 201, "\(again.text)")
                #expect(!server.text.contains(fixture.wacKey.privateKeyPEM))
            }
        }
    }

    /// Another connection holds SQLite's exclusive lock past the busy timeout (30 s): a write
    /// answers 503, not 500; reads go on (WAL); once the lock is released the write succeeds.
    @Test func sqliteLockedByAnotherConnectionAnswers503AndRecovers() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("obc-locked-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("obc.sqlite").path
        try await CLIProcess.with(["serve", "--port", "0", "--database", path], environment: fixture.environment) { server in
            let base = "http://127.0.0.1:\(try await server.listeningPort())"
            let created = try await LiveHTTP.checked("POST", base, "/manage/obwac-certificates", json: fixture.wacBody)
            #expect(created.status == 201, "\(created.text)")
            let path2 = "/manage/obwac-certificates/\(try #require(created["Id"] as? String))"

            var unsafe = Configuration()
            unsafe.allowsUnsafeTransactions = true  // the point: a transaction held open across accesses
            let other = try DatabaseQueue(path: path, configuration: unsafe)
            try other.inDatabase { db in try db.execute(sql: "BEGIN EXCLUSIVE") }
            let (read, blocked) = try await withAwaitedCleanup {
                (
                    try await LiveHTTP.checked("GET", base, path2),
                    try await LiveHTTP.checked("POST", base, "/manage/obwac-certificates", json: fixture.wacBody)
                )
            } cleanup: {
                try other.inDatabase { db in try db.execute(sql: "ROLLBACK") }
                try other.close()
            }
            #expect(read.status == 200, "\(read.text)")
            expectUnavailable(blocked, revealingNoneOf: [path, directory.path, "SQLITE", "locked"])

            let again = try await LiveHTTP.checked("POST", base, "/manage/obwac-certificates", json: fixture.wacBody)
            #expect(again.status == 201, "\(again.text)")
        }
    }

    func expectUnavailable(_ response: LiveResponse, revealingNoneOf internals: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(response.status == 503, "\(response.text)", sourceLocation: sourceLocation)
        #expect(response.headers["content-type"] == "application/problem+json", sourceLocation: sourceLocation)
        #expect(Int(response.headers["retry-after"] ?? "") ?? 0 > 0, "\(response.headers)", sourceLocation: sourceLocation)
        #expect((response["detail"] as? String)?.contains("database is unavailable") == true, "\(response.text)", sourceLocation: sourceLocation)
        for text in internals {
            #expect(!response.text.contains(text), "\(response.text) reveals \(text)", sourceLocation: sourceLocation)
        }
    }

    /// The first answer other than 503 within 30 s (the pool reconnects on its own).
    func eventually(_ request: () async throws -> LiveResponse) async throws -> LiveResponse {
        let deadline = Date().addingTimeInterval(30)
        while true {
            let response = try await request()
            if response.status != 503 || Date() > deadline { return response }
            try await Task.sleep(for: .milliseconds(500))
        }
    }
}
