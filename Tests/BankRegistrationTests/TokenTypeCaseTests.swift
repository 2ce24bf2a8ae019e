import Foundation
import OBCTestSupport
import Testing

/// `responseTokenTypeCaseMayBeIncorrect` end to end: a bank (an operator profile, since the
/// shipped banks with this difference read no client at the bank) whose simulated token endpoint
/// answers `token_type: bearer`; the connector reads the client with that token.
@Suite("A bank answering token_type in lower case, end to end")
struct TokenTypeCaseTests {
    static let bank = """
        group: LowerCaseBank
        defaults:
          dcrVersion: Version3p3
          useRegistrationEndpoint: true
          useRegistrationGetEndpoint: true
          useRegistrationDeleteEndpoint: false
          useRegistrationAccessToken: false
          tokenEndpointAuthMethod: tls_client_auth
          quirks:
            responseTokenTypeCaseMayBeIncorrect: true
        profiles:
        - id: LowerCaseBank_Personal
          bank: Personal
        """

    @Test func theClientIsReadWithTheBanksLowerCaseToken() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("obc-lower-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.bank.write(to: folder.appendingPathComponent("lower.yaml"), atomically: true, encoding: .utf8)
        try await RegistrationHarness.with(extraConfiguration: ["OpenBankingConnector__BankProfiles__Directory": folder.path]) { harness in
            try await harness.runtime.withServer { client in
                let statement = try await harness.createSoftwareStatement(client)
                let created = try await harness.register(client, profile: "LowerCaseBank_Personal", statement: statement)
                #expect(created.status == .created, "\(created.text)")
                let id = try #require(created["Id"] as? String)
                let read = try await client.send(.get, "/manage/bank-registrations/\(id)")
                #expect(read.status == .ok, "\(read.text)")
                #expect(harness.simulator.tokenRequests("LowerCaseBank_Personal") == 1)
                #expect(harness.simulator.registrationGets("LowerCaseBank_Personal") == 1)
            }
        }
    }
}
