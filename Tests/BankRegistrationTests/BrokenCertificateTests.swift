import Foundation
import OBCTestSupport
import Testing

/// Issue 19 item 3: a stored certificate whose key is unset, not a key, or not the
/// certificate's. The start-up log says which (and which software statements it affects),
/// readiness stays 200 with a warning, registrations that need it get the documented 503
/// naming the certificate before any network call, and the others still register.
@Suite("A broken certificate: the log says which, only its registrations fail", .serialized)
struct BrokenCertificateTests {
    static let wacKey = "OpenBankingConnector__Keys__ObWac"
    static let spareKey = "OpenBankingConnector__Keys__ObWacSpare"

    /// What the OBWAC key variable is set to after the records were created (nil: unset), and
    /// the cause the log must give.
    static let breakages: [(value: String?, cause: String)] = [
        (nil, "no value with key OpenBankingConnector:Keys:ObWac was found"),
        ("this text is not a key", "is not a PEM private key"),
        (TestPKI.keys[2].privateKeyPEM, "does not belong to the certificate"),
    ]

    @Test func eachCauseIsLoggedAndOnlyItsRegistrationsFail() async throws {
        var unusableDetails: [String] = []
        for (value, cause) in Self.breakages {
            let detail = try await brokenWacKey(value, cause: cause)
            if value != Self.breakages[2].value { unusableDetails.append(detail) }
        }
        // API callers get one answer for a missing and for an unusable secret.
        #expect(Set(unusableDetails).count == 1, "\(unusableDetails)")
        #expect(unusableDetails.allSatisfy { $0.contains("does not exist or is not a usable key") }, "\(unusableDetails)")
    }

    /// Returns the 503's detail with record ids removed.
    func brokenWacKey(_ value: String?, cause: String) async throws -> String {
        try await RegistrationHarness.with { harness in
            let spare = harness.runtime.environment[Self.wacKey]
            let (broken, healthy) = try await statements(harness, spareKey: spare ?? "")
            var environment = harness.runtime.environment
            environment[Self.spareKey] = spare
            environment[Self.wacKey] = value
            let restarted = try harness.runtime.reopened(environment: environment)
            let detail = Captured()
            try await restarted.withServer { client in
                let ready = try await client.send(.get, "/health/ready")
                #expect(ready.status == .ok, "one broken certificate does not stop the instance: \(ready.text)")
                let warnings = try #require(ready["Warnings"] as? [String], "\(ready.text)")
                #expect(warnings.contains { $0.contains("ObWacCertificate record with ID \(broken.wac)") && $0.contains(broken.statement) })
                #expect(!ready.text.contains(cause) || value == Self.breakages[2].value, "readiness keeps the cause for the log: \(ready.text)")

                let directoryCalls = harness.simulator.directoryTokenRequests
                let refused = try await harness.register(client, profile: "Lloyds_Sandbox", statement: broken.statement)
                #expect(refused.status == .serviceUnavailable, "\(refused.text)")
                let text = try #require(refused["detail"] as? String)
                #expect(text.contains("ObWacCertificate record with ID \(broken.wac)"), "\(text)")
                #expect(!text.contains(cause) || value == Self.breakages[2].value, "\(text)")
                #expect(harness.simulator.directoryTokenRequests == directoryCalls, "refused before any network call")
                await detail.set(text.replacingOccurrences(of: broken.wac, with: "…"))

                let registered = try await harness.register(client, profile: "Lloyds_Sandbox", statement: healthy)
                #expect(registered.status == .created, "\(registered.text)")
            }
            let log = restarted.logs.text
            let line = try #require(log.split(separator: "\n").first { $0.contains("ObWacCertificate record with ID \(broken.wac)") }, "\(log)")
            #expect(line.contains(cause), "the start-up log says which: \(line)")
            #expect(line.contains(broken.statement) && !line.contains(healthy), "\(line)")
            if value != Self.breakages[2].value {
                #expect(log.components(separatedBy: cause).count >= 3, "the refused request's cause is logged too: \(log)")
            }
            for secret in harness.secretValues + [value ?? ""] where !secret.isEmpty && secret != "this text is not a key" {
                #expect(!log.contains(secret))
            }
            #expect(!log.contains("this text is not a key"))
            return await detail.value
        }
    }

    /// Two statements: one on the OBWAC certificate whose key breaks, one on a second record of
    /// the same certificate whose key is kept under another name.
    func statements(_ harness: RegistrationHarness, spareKey: String) async throws -> (
        broken: (statement: String, wac: String), healthy: String
    ) {
        var environment = harness.runtime.environment
        environment[Self.spareKey] = spareKey
        let setup = try harness.runtime.reopened(environment: environment)
        let box = IDs()
        try await setup.withServer { client in
            let statement = try await harness.createSoftwareStatement(client)
            let first = try await client.send(.get, "/manage/software-statements/\(statement)")
            let wac = try #require(first["DefaultObWacCertificateId"] as? String)
            let spare = try await client.send(
                .post, "/manage/obwac-certificates",
                json: ["AssociatedKey": ["Name": "OpenBankingConnector:Keys:ObWacSpare"], "Certificate": harness.simulator.pki.obWacCertificatePEM])
            var body: [String: any Sendable] = ["SandboxEnvironment": first["SandboxEnvironment"] as? Bool ?? true]
            for key in ["OrganisationId", "SoftwareId", "DefaultObSealCertificateId", "DefaultQueryRedirectUrl", "DefaultFragmentRedirectUrl"] {
                body[key] = first[key] as? String
            }
            body["DefaultObWacCertificateId"] = try #require(spare["Id"] as? String, "\(spare.text)")
            let second = try await client.send(.post, "/manage/software-statements", json: body)
            await box.set(statement: statement, wac: wac, healthy: try #require(second["Id"] as? String, "\(second.text)"))
        }
        return await box.values
    }

    actor Captured {
        var value = ""
        func set(_ text: String) { value = text }
    }

    actor IDs {
        var values: (broken: (statement: String, wac: String), healthy: String) = (("", ""), "")
        func set(statement: String, wac: String, healthy: String) { values = ((statement, wac), healthy) }
    }
}
