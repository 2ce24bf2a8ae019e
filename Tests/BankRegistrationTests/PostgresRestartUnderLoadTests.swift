import Foundation
import OBCTestSupport
import Testing

/// Issue 19 item 4: a request in flight when PostgreSQL restarts never hangs. Two `obc serve`
/// processes on one real PostgreSQL, eight clients registering without pause, and the server
/// stopped at once (`pg_ctl stop -m immediate`) and started again, three times, mid-load: every
/// request answers 201, or 503 with Retry-After, within the bound, and the shared client is
/// still registered exactly once.
@Suite(
    "PostgreSQL restarted under load", .serialized, .enabled(if: PostgresTestCluster.available, Comment(rawValue: PostgresTestCluster.skipMessage)))
struct PostgresRestartUnderLoadTests {
    /// Seconds a request may take: a store call's deadline is 4 s, so a broken connection's 503 comes within 5 s.
    static let bound = 5.0
    static let profiles = ["Lloyds_LloydsPersonal", "Lloyds_HalifaxPersonal"]

    struct Answer: Sendable {
        var status: Int
        var seconds: Double
        var retryAfter: Bool
        var externalId: String?
        var text: String
    }

    @Test func everyRequestAnswersWithinTheBoundAndReuseStaysOnce() async throws {
        try await RegistrationHarness.with { base in
            try await PostgresTestCluster.withOwn { cluster in
                let environment = base.runtime.environment.merging(cluster.environment(database: try await cluster.createDatabase())) { _, new in new
                }
                let harness = RegistrationHarness(
                    simulator: base.simulator, runtime: try TestRuntime(environment: environment, directory: base.runtime.directory))
                let statement = try await harness.createSoftwareStatement()
                let answers = try await CLIProcess.serving(["serve", "--port", "0"], environments: [environment, environment]) { instances in
                    try await load(instances, statement: statement) { answered in
                        try await waitFor(8, answered)
                        for _ in 0..<3 {
                            try await cluster.restartImmediately()
                            try await Task.sleep(for: .seconds(2))
                        }
                    }
                }
                expect(answers, dcrs: Self.profiles.map { harness.simulator.registrationPosts($0) }.reduce(0, +))
            }
        }
    }

    func expect(_ answers: [Answer], dcrs: Int) {
        let created = answers.filter { $0.status == 201 }
        let unavailable = answers.filter { $0.status == 503 }
        #expect(created.count > 8, "\(answers.count) answers")
        #expect(
            answers.allSatisfy { $0.status == 201 || ($0.status == 503 && $0.retryAfter) },
            "\(answers.filter { $0.status != 201 }.prefix(3).map(\.text))")
        let slowest = answers.map(\.seconds).max() ?? 0
        #expect(slowest < Self.bound, "slowest answer \(slowest) s of \(answers.count); \(unavailable.count) were 503")
        #expect(Set(created.compactMap(\.externalId)).count == 1)
        #expect(dcrs == 1)
    }

    /// Eight clients post registrations round robin until `body` returns; every request's answer
    /// (a request with no answer within 60 s counts as status 0).
    func load(_ instances: [String], statement: String, _ body: (_ answered: @escaping @Sendable () async -> Int) async throws -> Void) async throws
        -> [Answer]
    {
        let collected = Collected()
        let running = NSLockedValue(true)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 0..<8 {
                group.addTask {
                    var index = client
                    while running.withLock({ $0 }) {
                        await collected.add(
                            try await register(at: instances[index % instances.count], profile: Self.profiles[index % 2], statement: statement))
                        index += 1
                    }
                }
            }
            do {
                try await body { await collected.answers.filter { $0.status == 201 }.count }
            } catch {
                running.withLock { $0 = false }
                throw error
            }
            running.withLock { $0 = false }
            try await group.waitForAll()
        }
        return await collected.answers
    }

    func register(at base: String, profile: String, statement: String) async throws -> Answer {
        let start = Date()
        let body: [String: any Sendable] = ["BankProfile": profile, "SoftwareStatementId": statement, "UseSimulatedBank": true]
        do {
            let response = try await LiveHTTP.send("POST", "\(base)/manage/bank-registrations", json: body, timeout: 60)
            return Answer(
                status: response.status, seconds: Date().timeIntervalSince(start), retryAfter: Int(response.headers["retry-after"] ?? "") ?? 0 > 0,
                externalId: response["ExternalApiId"] as? String, text: response.text)
        } catch {
            return Answer(status: 0, seconds: Date().timeIntervalSince(start), retryAfter: false, externalId: nil, text: "\(error)")
        }
    }

    func waitFor(_ count: Int, _ answered: () async -> Int) async throws {
        let deadline = Date().addingTimeInterval(60)
        while await answered() < count {
            guard Date() < deadline else { throw FixtureError(message: "fewer than \(count) registrations answered within 60 s") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    actor Collected {
        var answers: [Answer] = []
        func add(_ answer: Answer) { answers.append(answer) }
    }
}
