import ArgumentParser
import Foundation
import Logging
import OBCPostgres
import OBCTestSupport

/// `obc-bench instances`: re-used registrations (the registration group's client exists, so
/// no bank call) through N `obc serve` processes on one PostgreSQL database, requests spread
/// round robin, for each N given; and what one request asks of PostgreSQL.
struct InstancesBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "instances",
        abstract: "Time re-used registrations through 1 and more `obc serve` processes on one PostgreSQL database.")

    @Option(help: "Instance counts to time, one after the other (comma-separated).")
    var instances = "1,3"

    @Option(help: "Timed re-used registrations for each instance count.")
    var requests = 3_000

    @Option(help: "Requests in flight at once, spread round robin over the instances.")
    var concurrency = 6

    @Option(help: "Untimed requests to each instance before timing (connection pools, caches).")
    var warmup = 50

    @Option(help: "Requests, one at a time, whose PostgreSQL statements are counted.")
    var counted = 200

    @OptionGroup(title: "Re-used registrations")
    var profiles: ReusedProfileOptions

    @OptionGroup(title: "PostgreSQL (one is required)")
    var postgres: PostgresBenchOptions

    var counts: [Int] { instances.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }

    func validate() throws {
        guard postgres.selected else { throw ValidationError("Give --postgres CONNECTION or --postgres-cluster.") }
        guard !counts.isEmpty, counts.allSatisfy({ $0 >= 1 }) else { throw ValidationError("--instances takes counts of 1 or more, such as 1,3.") }
        guard requests >= 1, concurrency >= 1, warmup >= 0, counted >= 0 else {
            throw ValidationError("--requests and --concurrency must be at least 1; --warmup and --counted not negative.")
        }
    }

    func run() async throws {
        print("obc-bench instances: --instances \(instances) --requests \(requests) --concurrency \(concurrency) --warmup \(warmup)")
        print(RegistrationBenchmark.machine())
        let database = try await postgres.open()
        print("database: \(database.description)")
        let environment: RegistrationBenchEnvironment
        do {
            environment = try await RegistrationBenchEnvironment.start(connections: concurrency, database: database)
        } catch {
            await database.stop()
            throw error
        }
        var failure: (any Error)?
        do { try await run(in: environment, database: database) } catch { failure = error }
        await environment.stop()
        await database.stop()
        if let failure { throw failure }
    }

    func run(in environment: RegistrationBenchEnvironment, database: PostgresBenchDatabase) async throws {
        // Fixture through the in-process connector (not timed): the group's client made once.
        let (wac, seal) = try await environment.createCertificatesAndKey()
        let statement = try await environment.createSoftwareStatement(wac: wac, seal: seal)
        try await environment.register(profile: profiles.groupProfile, statement: statement)
        let simulator = environment.simulator
        let postsBefore = simulator.registrationPosts(profiles.reusedProfile)
        guard let store = environment.runtime.store as? PostgresStore else { throw BenchFailure("the connector did not open PostgreSQL") }
        let counter = PostgresStatementCounter(client: store.client, logPath: database.logPath, logger: Logger(label: "obc-bench"))
        let reusedProfile = profiles.reusedProfile
        var first: LatencySummary?

        for count in counts {
            let servers = try (0..<count).map { _ in try CLIProcess(["serve", "--port", "0"], environment: environment.environment) }
            do {
                var targets: [RegistrationBenchEnvironment] = []
                for server in servers { targets.append(environment.addressing("http://127.0.0.1:\(try await server.listeningPort())")) }
                let instances = targets
                for target in instances {
                    try await target.waitUntilLive()
                    for _ in 0..<warmup { try await target.register(profile: reusedProfile, statement: statement) }
                }
                let summary = LatencySummary(
                    try await timeEach(count: requests, concurrency: concurrency) { index in
                        try await instances[index % instances.count].register(profile: reusedProfile, statement: statement)
                    })
                print(summary.line("\(count) × obc serve, re-used registrations (c=\(concurrency))"))
                if let first {
                    print(String(format: "  throughput vs 1 instance: %.2f×", summary.perSecond / first.perSecond))
                } else {
                    first = summary
                }
                if count == counts.first, counted > 0 {
                    let counts = try await counter.count {
                        _ = try await timeEach(count: counted, concurrency: 1) { index in
                            try await instances[index % instances.count].register(profile: reusedProfile, statement: statement)
                        }
                    }
                    print(Self.describe(counts, requests: counted))
                }
            } catch {
                for server in servers { server.signal(SIGTERM) }
                throw error
            }
            for server in servers {
                server.signal(SIGTERM)
                _ = try await server.waitForExit()
            }
        }
        let posts = simulator.registrationPosts(reusedProfile) - postsBefore
        print("POST /register at the simulator for \(reusedProfile) during all re-used registrations: \(posts) (must be 0)")
        if posts != 0 { throw ExitCode.failure }
    }

    static func describe(_ counts: PostgresStatementCounter.Counts, requests: Int) -> String {
        let perRequest = { (value: Int) in String(format: "%.2f", Double(value) / Double(requests)) }
        var text = "PostgreSQL per re-used registration (\(requests) requests, one at a time): \(perRequest(counts.transactions)) transactions"
        if let statements = counts.statements {
            text += ", \(perRequest(statements)) statements, each a round trip:"
            for (statement, count) in counts.statementsByKind.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) {
                text += "\n  \(perRequest(count))  \(statement)"
            }
        } else {
            text += " (statements are counted only on a cluster this run started, from its log)"
        }
        return text
    }
}
