import Foundation
import OBCCore
import OBCSQLite
import OBCTestSupport
import Testing

/// Issue 24: a DCR the bank never answered in time stays listed (the bank may still create the
/// client), and an interrupted registration is resolved through the API or the CLI: its client is
/// deleted at the bank when its client id was learned and the bank allows it, else the answer says
/// what the operator has to ask the bank.
@Suite("Interrupted registrations: timed out, resolved", .serialized)
struct InterruptedRegistrationResolutionTests {
    static let profile = "Obie_Model2023"

    @Test func aTimedOutDCRIsListedAndResolvingItSaysTheClientIdIsUnknown() async throws {
        // The harness's outbound deadline is 5 s; the bank takes 7.
        try await RegistrationHarness.withServer { harness, client, statement in
            harness.simulator.setFault(.delay(.seconds(7)), on: .register, profileId: Self.profile)
            let timedOut = try await harness.register(client, profile: Self.profile, statement: statement)
            #expect(timedOut.status == .gatewayTimeout, "\(timedOut.text)")
            #expect((timedOut["detail"] as? String)?.contains("/manage/interrupted-registrations") == true, "\(timedOut.text)")
            #expect(harness.runtime.logs.text.contains("got no answer from the bank in time"), "no warning log line")

            let listed = try await client.send(.get, "/manage/interrupted-registrations")
            let data = listed["Data"] as? [[String: Any]] ?? []
            #expect(data.count == 1 && data.first?["Cause"] as? String == "BankTimedOut", "\(listed.text)")
            #expect(data.first?["BankProfile"] as? String == Self.profile && data.first?["ExternalApiId"] == nil, "\(listed.text)")
            let id = try #require(data.first?["Id"] as? String)

            let resolved = try await client.send(.delete, "/manage/interrupted-registrations/\(id)")
            #expect(resolved.status == .ok, "\(resolved.text)")
            #expect(resolved["DeletedExternalApiId"] == nil, "\(resolved.text)")
            let warnings = resolved["Warnings"] as? [String] ?? []
            #expect(warnings.contains { $0.contains("client_id is unknown") && $0.contains("jti") }, "\(resolved.text)")
            let after = try await client.send(.get, "/manage/interrupted-registrations")
            #expect((after["Data"] as? [Any])?.isEmpty == true, "\(after.text)")
            let again = try await client.send(.delete, "/manage/interrupted-registrations/\(id)")
            #expect(again.status == .notFound, "\(again.text)")

            // The claim was released: the next request registers (the slow bank answers in time now).
            harness.simulator.clearFaults()
            let registered = try await harness.register(client, profile: Self.profile, statement: statement)
            #expect(registered.status == .created, "\(registered.text)")
        }
    }

    /// A process stopping between the bank's answer and storing the client cannot be caused on
    /// cue, so the attempt row is written as that process leaves it: interrupted, with the
    /// client id of a real client at the simulated bank. The CLI resolves it, deleting that client.
    @Test func resolvingAnAttemptWithALearnedClientIdDeletesTheClientAtTheBank() async throws {
        try await RegistrationHarness.withServer { harness, client, statement in
            let first = try await harness.register(client, profile: Self.profile, statement: statement)
            #expect(first.status == .created, "\(first.text)")
            let clientId = try #require(first["ExternalApiId"] as? String)
            #expect(harness.simulator.registeredClients(Self.profile).contains { $0.clientId == clientId })

            let store = try SQLiteStore(path: harness.runtime.databasePath)
            let registrationId = try #require((first["Id"] as? String).flatMap(UUID.init(uuidString:)))
            let registration = try #require(try await store.bankRegistrations.find(id: registrationId))
            let attempt = RegistrationAttempt(
                bankClientId: registration.bankClientId, bankProfile: Self.profile, softwareStatementId: try #require(UUID(uuidString: statement)),
                bankGroup: "Obie", registrationGroup: "Model2023", jwtId: UUID().lowercasedText, attemptedAt: Date(), instanceId: UUID(),
                hostName: "stopped-host", processId: 4242)
            try await store.registrationAttempts.record(attempt)
            try await store.registrationAttempts.learn(id: attempt.id, externalApiId: clientId)
            _ = try await store.registrationAttempts.interrupt(bankClientId: attempt.bankClientId, at: Date())

            let listed = try await CLIProcess.run(
                ["registrations", "interrupted", "--database", harness.runtime.databasePath], environment: harness.runtime.environment)
            #expect(
                listed.status == 0 && listed.output.contains(attempt.id.lowercasedText) && listed.output.contains("client \(clientId)"),
                "\(listed.output)")
            #expect(listed.output.contains("OwnerGone"), "\(listed.output)")

            let resolved = try await CLIProcess.run(
                ["registrations", "interrupted", "--resolve", attempt.id.lowercasedText, "--database", harness.runtime.databasePath],
                environment: harness.runtime.environment)
            #expect(resolved.status == 0, "\(resolved.output)")
            #expect(resolved.output.contains("Deleted client \(clientId) at bank \(Self.profile)"), "\(resolved.output)")
            #expect(!harness.simulator.registeredClients(Self.profile).contains { $0.clientId == clientId }, "the bank still has the client")
            let after = try await client.send(.get, "/manage/interrupted-registrations")
            #expect((after["Data"] as? [Any])?.isEmpty == true, "\(after.text)")

            let notUUID = try await CLIProcess.run(
                ["registrations", "interrupted", "--resolve", "nope", "--database", harness.runtime.databasePath],
                environment: harness.runtime.environment)
            #expect(notUUID.status != 0 && notUUID.output.contains("resolve") && notUUID.output.contains("not a UUID"), "\(notUUID.output)")
        }
    }
}
