import Foundation
import OBCTestSupport
import Testing

/// A bank this build does not ship, added by the operator as a YAML file: the connector and
/// the simulator read the same folder, and the profile registers, is re-used, read and deleted
/// like a shipped one.
@Suite("An operator-added bank profile end to end")
struct OperatorProfileTests {
    static let society = """
        group: HarbourBuildingSociety
        defaults:
          dcrVersion: Version3p3
          useRegistrationEndpoint: true
          useRegistrationGetEndpoint: true
          useRegistrationDeleteEndpoint: true
          useRegistrationAccessToken: false
          tokenEndpointAuthMethod: private_key_jwt
          quirks:
            clientIdIssuedAtInMilliseconds: true
        profiles:
        - id: HarbourBuildingSociety_Personal
          bank: Personal
          registrationGroup: Production
        - id: HarbourBuildingSociety_Savings
          bank: Savings
          registrationGroup: Production
        """

    @Test func registersReusesReadsAndDeletesWithoutARebuild() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("obc-operator-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.society.write(to: folder.appendingPathComponent("harbour.yaml"), atomically: true, encoding: .utf8)
        try await RegistrationHarness.with(extraConfiguration: ["OpenBankingConnector__BankProfiles__Directory": folder.path]) { harness in
            let simulator = harness.simulator
            try await harness.runtime.withServer { client in
                let listed = try await client.send(.get, "/manage/bank-profiles?group=HarbourBuildingSociety")
                #expect((listed["Data"] as? [[String: Any]])?.count == 2, "\(listed.text)")

                let statement = try await harness.createSoftwareStatement(client)
                let personal = try await harness.register(client, profile: "HarbourBuildingSociety_Personal", statement: statement)
                #expect(personal.status == .created, "\(personal.text)")
                #expect(personal["TokenEndpointAuthMethod"] as? String == "PrivateKeyJwt")
                let savings = try await harness.register(client, profile: "HarbourBuildingSociety_Savings", statement: statement)
                #expect(savings.status == .created, "\(savings.text)")
                // One registration group: the second profile re-uses the first one's client.
                #expect(savings["ExternalApiId"] as? String == personal["ExternalApiId"] as? String)
                #expect(simulator.registrationPosts("HarbourBuildingSociety_Personal") == 1)
                #expect(simulator.registrationPosts("HarbourBuildingSociety_Savings") == 0)

                let id = try #require(personal["Id"] as? String)
                let read = try await client.send(.get, "/manage/bank-registrations/\(id)")
                #expect(read.status == .ok, "\(read.text)")
                #expect(simulator.registrationGets("HarbourBuildingSociety_Personal") == 1)
                let issuedAt = try #require((read["ExternalApiResponse"] as? [String: Any])?["client_id_issued_at"] as? String)
                let date = try #require(ISO8601DateFormatter().date(from: issuedAt))
                #expect(abs(date.timeIntervalSinceNow) < 86_400, "milliseconds from the bank are read as such: \(issuedAt)")

                let savingsId = try #require(savings["Id"] as? String)
                #expect(try await client.send(.delete, "/manage/bank-registrations/\(savingsId)").status == .ok)
                #expect(try await client.send(.delete, "/manage/bank-registrations/\(id)").status == .ok)
                let clientId = try #require(personal["ExternalApiId"] as? String)
                #expect(simulator.deletedClients == [clientId], "DELETE at the bank once, with the client's last user")
            }
        }
    }
}
