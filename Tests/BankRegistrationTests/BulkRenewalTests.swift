import Foundation
import HummingbirdTesting
import OBCTestSupport
import Testing

/// Issue 20 section 4: after a software statement's OBWAC is replaced, every registration reports
/// that it is behind; `obc registrations update --software-statement` (and its API twin) updates
/// each bank client once, goes on past failures, survives `kill -9` and resumes with only what
/// is still behind.
@Suite("Bulk renewal of a software statement's clients", .serialized)
struct BulkRenewalTests {
    /// Clients are renewed in bank-profile order: Lloyds_Sandbox (two registrations on one client),
    /// NatWest_NatWest (no PUT), Nationwide_Nationwide (held at the bank when killed), Obie_Model2023.
    static let profiles = ["Lloyds_Sandbox", "Lloyds_Sandbox", "NatWest_NatWest", "Nationwide_Nationwide", "Obie_Model2023"]
    static let withPut = ["Lloyds_Sandbox", "Nationwide_Nationwide", "Obie_Model2023"]
    static var configuration: [String: String] {
        var values = ["OpenBankingConnector__Server__HeartbeatSeconds": "1"]
        for (group, bank) in [("Lloyds", "Sandbox"), ("Nationwide", "Nationwide"), ("Obie", "Model2023")] {
            values.merge(RegistrationUpdateTests.supportsPut(group, bank)) { a, _ in a }
        }
        return values
    }

    static func behind(_ client: any TestClientProtocol, _ statement: String) async throws -> [String: Bool] {
        let list = try await client.send(.get, "/manage/bank-registrations?softwareStatementId=\(statement)", checkOBCDocument: false)
        var result: [String: Bool] = [:]
        for item in list["Data"] as? [[String: Any]] ?? [] {
            guard let profile = item["BankProfile"] as? String, let behind = item["BehindSoftwareStatement"] as? Bool else { continue }
            result[profile] = (result[profile] ?? false) || behind
        }
        return result
    }

    /// Adds the OBWAC re-issued (same key, new chain) and points the statement at it.
    static func replaceObWac(_ harness: RegistrationHarness, _ client: any TestClientProtocol, statement: String) async throws -> String {
        let renewed = try harness.simulator.pki.withObWacIssuedByIntermediate().obWacCertificatePEM
        let wac = try await client.send(
            .post, "/manage/obwac-certificates", json: ["AssociatedKey": ["Name": "OpenBankingConnector:Keys:ObWac"], "Certificate": renewed])
        let wacId = try #require(wac["Id"] as? String, "\(wac.text)")
        let updated = try await client.send(.put, "/manage/software-statements/\(statement)", json: ["DefaultObWacCertificateId": wacId])
        #expect(updated.status == .ok, "\(updated.text)")
        return wacId
    }

    @Test(arguments: [false, true]) func aRenewalKilledMidRunResumesWithWhatIsStillBehind(postgres: Bool) async throws {
        try await RegistrationHarness.with(extraConfiguration: Self.configuration, postgres: postgres) { harness in
            try await harness.runtime.withServer { client in
                let simulator = harness.simulator
                let statement = try await harness.createSoftwareStatement(client)
                for profile in Self.profiles { _ = try await harness.registrationId(client, profile: profile, statement: statement) }
                #expect(try await Self.behind(client, statement).values.allSatisfy { !$0 }, "fresh registrations are current")
                // A PUT that changes nothing leaves them current.
                let same = try await client.send(.put, "/manage/software-statements/\(statement)", json: [:])
                #expect(same.status == .ok, "\(same.text)")
                #expect(try await Self.behind(client, statement).values.allSatisfy { !$0 })

                let wacId = try await Self.replaceObWac(harness, client, statement: statement)
                #expect(try await Self.behind(client, statement) == Dictionary(uniqueKeysWithValues: Set(Self.profiles).map { ($0, true) }))
                let cli = CLIRun(harness: harness, postgres: postgres, statement: statement)

                let dry = try await cli.run(["--dry-run"])
                #expect(dry.status == 0, "\(dry.output)")
                #expect(dry.output.contains("would update 3, not supported 1, up to date 0"), "\(dry.output)")
                #expect(dry.line("NatWest_NatWest")?.contains("NotSupported") == true, "\(dry.output)")
                #expect(dry.line("NatWest_NatWest")?.contains("UseRegistrationPutEndpoint") == true, "\(dry.output)")
                for profile in Self.withPut {
                    #expect(
                        dry.line(profile)?.contains("WouldUpdate") == true && dry.line(profile)?.contains("PUT https://") == true, "\(dry.output)")
                }
                #expect(dry.output.split(separator: "\n").filter { $0.hasPrefix("Lloyds_Sandbox ") }.count == 1, "two registrations, one client")
                #expect(dry.line("Lloyds_Sandbox")?.contains("  2  ") == true, "both registrations on its row: \(dry.output)")
                #expect(Self.withPut.allSatisfy { simulator.arrivals(.registerPut, profileId: $0) == 0 }, "a dry run sent something")

                // Nationwide's bank holds the PUT: the CLI is killed while it is there.
                simulator.setFault(.delay(.seconds(4)), on: .registerPut, profileId: "Nationwide_Nationwide")
                let killed = try cli.start([])
                let deadline = Date().addingTimeInterval(60)
                while simulator.arrivals(.registerPut, profileId: "Nationwide_Nationwide") == 0, Date() < deadline {
                    try await Task.sleep(for: .milliseconds(20))
                }
                killed.signal(SIGKILL)
                _ = try await killed.waitForExit()
                #expect(killed.text.contains("Lloyds_Sandbox"), "a plain progress line per client: \(killed.text)")
                let afterKill = try await Self.behind(client, statement)
                #expect(afterKill["Lloyds_Sandbox"] == false && afterKill["Nationwide_Nationwide"] == true && afterKill["Obie_Model2023"] == true)

                // Resumed: Obie's bank refuses, the rest goes on; exit 1 with the cause in the summary.
                simulator.clearFaults()
                simulator.setFault(.status(400, body: #"{"error":"invalid_client_metadata"}"#), on: .registerPut, profileId: "Obie_Model2023")
                let resumed = try await cli.run([])
                #expect(resumed.status == 1, "\(resumed.output)")
                #expect(resumed.line("Nationwide_Nationwide")?.contains("Updated") == true, "\(resumed.output)")
                #expect(resumed.line("Lloyds_Sandbox")?.contains("UpToDate") == true, "\(resumed.output)")
                #expect(resumed.line("Obie_Model2023")?.contains("Failed") == true && resumed.line("Obie_Model2023")?.contains("400") == true)
                #expect(resumed.output.contains("updated 1, not supported 1, failed 1, up to date 1"), "\(resumed.output)")
                #expect(simulator.arrivals(.registerPut, profileId: "Lloyds_Sandbox") == 1, "an updated client was updated again")
                #expect(simulator.arrivals(.registerPut, profileId: "Nationwide_Nationwide") == 2, "the killed PUT and the resumed one")

                simulator.clearFaults()
                let last = try await cli.run(["--json"])
                #expect(last.status == 0, "\(last.output)")
                let report = try last.json()
                #expect(report["Updated"] as? Int == 1 && report["UpToDate"] as? Int == 2 && report["NotSupported"] as? Int == 1, "\(report)")
                #expect(simulator.arrivals(.registerPut, profileId: "Obie_Model2023") == 2)
                #expect(
                    try await Self.behind(client, statement) == [
                        "Lloyds_Sandbox": false, "Nationwide_Nationwide": false, "Obie_Model2023": false, "NatWest_NatWest": true,
                    ])
                let again = try await cli.run([])
                #expect(again.status == 0 && again.output.contains("updated 0, not supported 1, failed 0, up to date 3"), "\(again.output)")
                #expect(Self.withPut.map { simulator.arrivals(.registerPut, profileId: $0) } == [1, 2, 2], "a re-run sent a PUT")
                let wacs = try await client.send(.get, "/manage/obwac-certificates")
                let renewed = (wacs["Data"] as? [[String: Any]])?.first { $0["Id"] as? String == wacId }
                #expect(renewed?["BankRegistrationCount"] as? Int == Self.profiles.count, "\(wacs.text)")
            }
        }
    }

    /// The same operation over the API: a dry run, a run, 404 and 400, each answer valid against the served document.
    @Test func theRenewalOverTheAPI() async throws {
        try await RegistrationHarness.withServer(extraConfiguration: Self.configuration) { harness, client, statement in
            for profile in ["Obie_Model2023", "NatWest_NatWest"] {
                _ = try await harness.registrationId(client, profile: profile, statement: statement)
            }
            _ = try await Self.replaceObWac(harness, client, statement: statement)
            let path = "/manage/software-statements/\(statement)/renewals"
            let dry = try await client.send(.post, path, json: ["DryRun": true], checkOBCDocument: false)
            #expect(dry.status == .ok, "\(dry.text)")
            #expect(dry["DryRun"] as? Bool == true && dry["WouldUpdate"] as? Int == 1 && dry["NotSupported"] as? Int == 1, "\(dry.text)")
            let items = dry["Data"] as? [[String: Any]] ?? []
            let obie = try #require(items.first { $0["BankProfile"] as? String == "Obie_Model2023" })
            #expect((obie["Request"] as? String)?.hasPrefix("PUT https://") == true && obie["DcrVersion"] as? String != nil, "\(obie)")
            #expect(harness.simulator.arrivals(.registerPut, profileId: "Obie_Model2023") == 0)

            let run = try await client.send(.post, path, json: [:], checkOBCDocument: false)
            #expect(run.status == .ok, "\(run.text)")
            #expect(run["Updated"] as? Int == 1 && run["NotSupported"] as? Int == 1 && run["Failed"] as? Int == 0, "\(run.text)")
            #expect(harness.simulator.registrationPuts("Obie_Model2023") == 1)
            let rerun = try await client.send(.post, path, json: [:], checkOBCDocument: false)
            #expect(rerun["Updated"] as? Int == 0 && rerun["UpToDate"] as? Int == 1, "\(rerun.text)")

            let missing = try await client.send(
                .post, "/manage/software-statements/\(UUID().uuidString.lowercased())/renewals", json: [:], checkOBCDocument: false)
            #expect(missing.status == .notFound && missing.contentType == "application/problem+json", "\(missing.text)")
            let bad = try await client.send(.post, path, json: ["DryRun": "yes"], checkOBCDocument: false)
            #expect(bad.status == .badRequest && bad.text.contains("DryRun"), "\(bad.text)")
        }
    }

    /// A registration whose software statement's OBWAC chain has expired is refused before any bank call, naming it.
    @Test func aRegistrationWithAnExpiredCertificateIsRefused() async throws {
        let past = Date().addingTimeInterval(-10 * 86400)...Date().addingTimeInterval(-86400)
        let pki = try SharedPKI.value().withObWacIssuedByIntermediate(intermediateValidity: past)
        try await RegistrationHarness.with(pki: pki) { harness in
            try await harness.runtime.withServer { client in
                let statement = try await harness.createSoftwareStatement(client)
                let refused = try await harness.register(client, profile: "Obie_Model2023", statement: statement)
                #expect(refused.status == .conflict, "\(refused.text)")
                #expect(refused.contentType == "application/problem+json")
                let detail = refused["detail"] as? String ?? ""
                #expect(detail.contains("ObWacCertificate") && detail.contains("expired") && detail.contains("NotAfter"), "\(detail)")
                #expect(detail.contains(ISO8601DateFormatter().string(from: past.upperBound).prefix(10)), "\(detail)")
                #expect(harness.simulator.registrationPosts("Obie_Model2023") == 0)
            }
        }
    }
}

/// `obc registrations update --software-statement …` against the harness's database.
struct CLIRun {
    struct Outcome {
        var status: Int32
        var output: String
        /// The summary table's row for `profile`.
        func line(_ profile: String) -> String? { output.split(separator: "\n").map(String.init).first { $0.hasPrefix(profile + " ") } }
        func json() throws -> [String: Any] {
            let start = try #require(output.firstIndex(of: "{")), end = try #require(output.lastIndex(of: "}"))
            return try #require(try JSONSerialization.jsonObject(with: Data(output[start...end].utf8)) as? [String: Any])
        }
    }

    let harness: RegistrationHarness
    let postgres: Bool
    let statement: String

    var arguments: [String] {
        ["registrations", "update", "--software-statement", statement] + (postgres ? [] : ["--database", harness.runtime.databasePath])
    }

    func run(_ extra: [String]) async throws -> Outcome {
        let result = try await CLIProcess.run(arguments + extra, environment: harness.runtime.environment, timeout: 120)
        return Outcome(status: result.status, output: result.output)
    }

    func start(_ extra: [String]) throws -> CLIProcess {
        try CLIProcess(arguments + extra, environment: harness.runtime.environment)
    }
}
