import Foundation
import OBCCore
import OBCSQLite
import OBCTestSupport
import Testing

/// Issue 24: a registration-group claim lives as long as its owner (renewed, and kept while the
/// owner's heartbeat is live); a waiter answers within the outbound deadline plus the claim's
/// lifetime, else 503 with Retry-After naming the group; an attempt a dead owner left behind is
/// reported on the registration that takes over, logged, counted and listed.
@Suite("Crash-safe registrations", .serialized)
struct CrashSafeRegistrationTests {
    static let profile = "Obie_Model2023"

    /// In-process server (outbound deadline 5 s, heartbeat 1 s: lifetime 3 s, longest wait 8 s).
    @Test func aWaiterOnALiveClaimAnswers503AndADeadOwnersAttemptIsReportedOnTakeover() async throws {
        try await RegistrationHarness.withServer(extraConfiguration: ["OpenBankingConnector__Server__HeartbeatSeconds": "1"]) {
            harness, client, statement in
            let first = try await harness.register(client, profile: Self.profile, statement: statement)
            #expect(first.status == .created, "\(first.text)")
            let store = try SQLiteStore(path: harness.runtime.databasePath)
            let registrationId = try #require((first["Id"] as? String).flatMap(UUID.init(uuidString:)))
            let registration = try #require(try await store.bankRegistrations.find(id: registrationId))
            let active = try #require(try await store.bankClients.find(id: registration.bankClientId))
            try await store.bankClients.softDelete(id: active.id, at: Date())  // the group is free again

            // Another process (beating) holds the group, mid-DCR, and has recorded its attempt.
            let owner = UUID()
            var pending = active
            (pending.id, pending.state, pending.claimedBy, pending.claimedAt, pending.externalApiId) = (UUID(), .pending, UUID(), Date(), nil)
            guard case .claimed = try await store.bankClients.claim(pending, owner: owner, staleBefore: Date().addingTimeInterval(-60)) else {
                Issue.record("the test's claim was not granted")
                return
            }
            let attempt = RegistrationAttempt(
                bankClientId: pending.id, bankProfile: Self.profile, softwareStatementId: active.softwareStatementId, bankGroup: active.bankGroup,
                registrationGroup: active.key.registrationGroup, jwtId: UUID().lowercasedText, attemptedAt: Date(), instanceId: owner,
                hostName: "killed-host", processId: 4242)
            try await store.registrationAttempts.record(attempt)
            let beats = Task {
                while !Task.isCancelled {
                    try? await store.instances.beat(
                        InstanceHeartbeat(
                            instanceId: owner, hostName: "killed-host", processId: 4242, startedAt: Date(), lastBeatAt: Date(), beatInterval: 1))
                    try? await Task.sleep(for: .milliseconds(300))
                }
            }
            let started = ContinuousClock.now
            let waited = try await harness.register(client, profile: Self.profile, statement: statement)
            let elapsed = ContinuousClock.now - started
            beats.cancel()
            #expect(waited.status == .serviceUnavailable, "\(waited.text)")
            #expect(waited.headers[.retryAfter] != nil)
            #expect((waited["detail"] as? String)?.contains(active.key.registrationGroup) == true, "\(waited.text)")
            #expect(elapsed >= .seconds(7) && elapsed < .seconds(11), "waited \(elapsed), not the deadline 5 s plus the lifetime 3 s")
            #expect(harness.simulator.registrationPosts(Self.profile) == 1, "a live owner's claim was taken over")

            // The owner stopped beating (killed): its claim is taken over and its attempt reported.
            await beats.value
            let taken = try await harness.register(client, profile: Self.profile, statement: statement)
            #expect(taken.status == .created, "\(taken.text)")
            let warnings = taken["Warnings"] as? [String] ?? []
            #expect(warnings.contains { $0.contains("interrupted") && $0.contains(Self.profile) && $0.contains(statement) }, "\(taken.text)")
            #expect(harness.simulator.registrationPosts(Self.profile) == 2)
            #expect(harness.runtime.logs.text.contains("Interrupted registration"), "no warning log line")
            let listed = try await client.send(.get, "/manage/interrupted-registrations")
            let data = listed["Data"] as? [[String: Any]] ?? []
            #expect(data.count == 1, "\(listed.text)")
            #expect(data.first?["Jti"] as? String == attempt.jwtId && data.first?["HostName"] as? String == "killed-host", "\(listed.text)")
            let metrics = try await client.send(.get, "/metrics", checkOBCDocument: false)
            #expect(metrics.text.contains("obc_interrupted_registrations{bank_profile=\"\(Self.profile)\"} 1"), "\(metrics.text)")
        }
    }

    /// A live owner whose bank takes 11 s (longer than the 9 s lifetime) keeps its claim: two
    /// servers on one SQLite file asked at once make one DCR, and neither reports an interruption.
    @Test func aSlowBankNeverCausesATakeoverWhileItsOwnerLives() async throws {
        try await RegistrationHarness.with { harness in
            let statement = try await harness.createSoftwareStatement()
            let environment = Self.environment(harness)
            harness.simulator.setFault(.delay(.seconds(11)), on: .register, profileId: Self.profile)
            let database = ["--database", harness.runtime.databasePath]
            try await CLIProcess.serving(["serve", "--port", "0"] + database, environments: [environment, environment]) { bases in
                let answers = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                    for base in bases {
                        group.addTask { try await LiveHTTP.post("\(base)/manage/bank-registrations", Self.body(statement)) }
                        try await Task.sleep(for: .milliseconds(300))
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(answers.allSatisfy { $0.0 == 201 }, "\(answers)")
                #expect(answers.allSatisfy { !$0.1.contains("interrupted") }, "\(answers)")
                #expect(harness.simulator.registrationPosts(Self.profile) == 1, "a slow bank caused a takeover")
            }
        }
    }

    @Test func killedMidDCROnSQLiteThenRestarted() async throws {
        try await RegistrationHarness.with { harness in
            let statement = try await harness.createSoftwareStatement()
            let database = ["--database", harness.runtime.databasePath]
            try await Self.killMidDCR(harness, statement: statement, database: database, survivor: nil)
        }
    }

    @Test(.enabled(if: PostgresTestCluster.available, Comment(rawValue: PostgresTestCluster.skipMessage)))
    func killedMidDCROnPostgreSQLBesideASecondInstance() async throws {
        try await RegistrationHarness.with(postgres: true) { harness in
            let statement = try await harness.createSoftwareStatement()
            try await CLIProcess.serving(["serve", "--port", "0"], environment: Self.environment(harness)) { survivor, base in
                try await Self.killMidDCR(harness, statement: statement, database: [], survivor: base)
                #expect(survivor.text.contains("Interrupted registration"), "\(survivor.text)")
            }
        }
    }

    /// `kill -9` of a real `obc serve` while the bank (6 s a registration) holds its `POST /register`;
    /// then the same registration through `survivor` (or a restarted server): within 15 s, with the
    /// warning; the interrupted registration listed by the API and the CLI.
    static func killMidDCR(_ harness: RegistrationHarness, statement: String, database: [String], survivor: String?) async throws {
        let environment = Self.environment(harness)
        harness.simulator.setFault(.delay(.seconds(6)), on: .register, profileId: profile)
        let serve = ["serve", "--port", "0"] + database
        try await CLIProcess.with(serve, environment: environment) { killed in
            let base = "http://127.0.0.1:\(try await killed.listeningPort())"
            let inFlight = Task { try? await LiveHTTP.post("\(base)/manage/bank-registrations", body(statement), timeout: 30) }
            let deadline = Date().addingTimeInterval(20)
            // The POST /register is at the bank (held there by the delay) before the kill.
            while harness.simulator.arrivals(.register, profileId: profile) == 0, Date() < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            killed.signal(SIGKILL)
            _ = try await killed.waitForExit()
            _ = await inFlight.value
        }
        harness.simulator.clearFaults()
        func registerAgain(_ base: String, output: String) async throws {
            let started = ContinuousClock.now
            let (status, text) = try await LiveHTTP.post("\(base)/manage/bank-registrations", body(statement), timeout: 60)
            #expect(ContinuousClock.now - started < .seconds(15), "the takeover took too long")
            #expect(status == 201, "\(text)")
            #expect(text.contains("was interrupted") && text.contains(profile) && text.contains(statement), "\(text)")
            // Both DCRs reached the bank (the killed one's is still held there by its delay).
            let posts = harness.simulator.arrivals(.register, profileId: profile)
            #expect(posts == 2, "the bank saw \(posts) DCRs")
            let (listed, list) = try await LiveHTTP.get("\(base)/manage/interrupted-registrations")
            #expect(listed == 200 && list.contains(profile) && list.contains(statement), "\(list)")
            let cli = try await CLIProcess.run(["registrations", "interrupted"] + database, environment: environment)
            #expect(cli.status == 0 && cli.output.contains(profile) && cli.output.contains(statement), "\(cli.output)")
            #expect(cli.output.contains("pid "), "\(cli.output)")
        }
        if let survivor {
            try await registerAgain(survivor, output: "")
        } else {
            try await CLIProcess.serving(serve, environment: environment) { restarted, base in
                try await registerAgain(base, output: restarted.text)
                #expect(restarted.text.contains("Interrupted registration") && restarted.text.contains(profile), "\(restarted.text)")
            }
        }
    }

    /// The default heartbeat (3 s: a claim lives 9 s unrenewed, so the issue's "about 10 s"
    /// holds as shipped), outbound deadline 30 s.
    static func environment(_ harness: RegistrationHarness) -> [String: String] {
        var environment = harness.runtime.environment
        environment["OpenBankingConnector__Http__TimeoutSeconds"] = "30"
        return environment
    }

    static func body(_ statement: String) -> [String: any Sendable] {
        ["BankProfile": profile, "SoftwareStatementId": statement, "UseSimulatedBank": true]
    }
}
