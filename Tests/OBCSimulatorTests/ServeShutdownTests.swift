import Foundation
import OBCCore
import OBCPluginAPI
import OBCSimulator
import OBCTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Issue 9 item 16: Ctrl-C on a real `obc serve` while a bank registration waits on a slow
/// simulated bank. The server says how many requests it waits for, waits at most its grace
/// period, and a second Ctrl-C exits at once.
@Suite("obc serve shutting down with a bank call in flight", .serialized)
struct ServeShutdownTests {
    /// A running `obc serve` configured for `fixture`'s simulator, with a software statement
    /// ready, and a registration POST in flight at a bank that takes a minute to answer.
    func serverWithABankCallInFlight(
        _ fixture: SimulatorFixture, graceSeconds: String, _ body: (CLIProcess) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("obc-shutdown-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try SimulatorConfigWriter(simulator: fixture.simulator, directory: directory).write()
        let serve = [
            "serve", "--port", "0", "--config", directory.appendingPathComponent("obc.yaml").path,
            "--database", directory.appendingPathComponent("obc.sqlite").path,
        ]
        try await CLIProcess.with(serve, environment: ["OpenBankingConnector__Server__ShutdownGraceSeconds": graceSeconds]) { server in
            let base = "http://127.0.0.1:\(try await server.listeningPort())"
            let statement = try await createSoftwareStatement(base, fixture)
            fixture.simulator.setFault(.delay(.seconds(60)), on: .register, profileId: "NatWest_NatWest")
            // Structured: cancelled and awaited when this scope ends, however it ends.
            async let registration = try? LiveHTTP.post(
                base + "/manage/bank-registrations", ["BankProfile": "NatWest_NatWest", "SoftwareStatementId": statement, "UseSimulatedBank": true])
            let deadline = Date().addingTimeInterval(30)
            while fixture.simulator.discoveryRequests("NatWest_NatWest") == 0 && Date() < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(fixture.simulator.discoveryRequests("NatWest_NatWest") == 1, "\(server.text)")
            try await Task.sleep(for: .milliseconds(300))
            try await body(server)
            _ = await registration
        }
    }

    @Test func firstSignalWaitsForRequestsInFlightAtMostTheGracePeriod() async throws {
        try await SimulatorFixture.with { fixture in
            try await serverWithABankCallInFlight(fixture, graceSeconds: "2") { server in
                let started = Date()
                server.signal(SIGINT)
                try await server.waitForOutput(containing: "waiting for 1 request(s) in flight, for at most 2 s", timeout: 5)
                let status = try await server.waitForExit(timeout: 20)
                let elapsed = Date().timeIntervalSince(started)
                #expect(status == 0, "\(server.text)")
                #expect(elapsed >= 1.5 && elapsed < 10, "stopped after \(elapsed) s")
                #expect(server.text.contains("The 2 s grace period is over with 1 request(s) unfinished"), "\(server.text)")
            }
        }
    }

    @Test func secondSignalExitsAtOnce() async throws {
        try await SimulatorFixture.with { fixture in
            try await serverWithABankCallInFlight(fixture, graceSeconds: "120") { server in
                server.signal(SIGINT)
                try await server.waitForOutput(containing: "waiting for 1 request(s) in flight", timeout: 5)
                let started = Date()
                server.signal(SIGINT)
                let status = try await server.waitForExit(timeout: 20)
                #expect(Date().timeIntervalSince(started) < 5)
                #expect(status == 128 + SIGINT, "\(server.text)")
                #expect(server.text.contains("SIGINT again: exiting now with 1 request(s) in flight"))
            }
        }
    }

    func createSoftwareStatement(_ base: String, _ fixture: SimulatorFixture) async throws -> String {
        let pki = SimulatorFixture.pki
        func key(_ name: String) -> [String: String] { ["Source": "Configuration", "Name": "OpenBankingConnector:Keys:\(name)"] }
        _ = try await LiveHTTP.post(base + "/manage/encryption-key-descriptions", ["Key": key("Encryption:Key1"), "SetAsCurrentEncryptionKey": true])
        let wac = try await LiveHTTP.post(
            base + "/manage/obwac-certificates", ["AssociatedKey": key("ObWac"), "Certificate": pki.obWacCertificatePEM])
        let seal = try await LiveHTTP.post(
            base + "/manage/obseal-certificates",
            ["AssociatedKeyId": fixture.tpp.obSealKeyId, "AssociatedKey": key("ObSeal"), "Certificate": pki.obSealCertificatePEM])
        let statement = try await LiveHTTP.post(
            base + "/manage/software-statements",
            [
                "OrganisationId": fixture.tpp.organisationId, "SoftwareId": fixture.tpp.softwareId, "SandboxEnvironment": true,
                "DefaultObWacCertificateId": try id(wac), "DefaultObSealCertificateId": try id(seal),
                "DefaultFragmentRedirectUrl": fixture.tpp.redirectURIs[0], "DefaultQueryRedirectUrl": fixture.tpp.redirectURIs[1],
            ])
        return try id(statement)
    }

    func id(_ reply: (Int, String)) throws -> String {
        let object = try JSONSerialization.jsonObject(with: Data(reply.1.utf8)) as? [String: Any]
        guard reply.0 == 201, let id = object?["Id"] as? String else { throw FixtureFailure("create failed: \(reply.0) \(reply.1)") }
        return id
    }
}
