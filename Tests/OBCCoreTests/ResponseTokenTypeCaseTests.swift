import BankProfileMonzo
import Foundation
import OBCMemory
import OBCPluginAPI
import OBCTestKit
import Testing

@testable import OBCCore

/// OBC's `ResponseTokenTypeCaseMayBeIncorrect` (Cooperative, Monzo, Wise), declared once as
/// `BankDifferences.ResponseTokenTypeCaseMayBeIncorrect`: the bank answers `token_type: bearer`,
/// which the client accepts for such a bank only.
@Suite("A bank that answers token_type in another letter case")
struct ResponseTokenTypeCaseTests {
    static func monzo() throws -> BankProfile {
        let registry = try PluginRegistrar.build(plugins: [MonzoBankGroup.self], configuration: ConfigurationValues(), logger: .init(label: "t"))
        return try #require(registry.bankProfiles["Monzo_Monzo"])
    }

    @Test func theYAMLSaysSoAndBothSidesReadIt() throws {
        let profile = try Self.monzo()
        #expect(profile.quirks[BankDifferences.ResponseTokenTypeCaseMayBeIncorrect.self])
        var answer = TokenAnswer(body: ["access_token": .string("t"), "token_type": .string("Bearer")], requestedScope: nil)
        profile.quirks.bankWrites(&answer)
        #expect(answer.body["token_type"] == .string("bearer"), "the simulated bank answers as the real one does")
        #expect(profile.quirks.tokenAnswerRules.fault(in: .object(answer.body)) == nil, "the client accepts it")
        #expect(RegistrationQuirks().tokenAnswerRules.fault(in: .object(answer.body)) != nil, "a bank without the difference may not")
    }

    @Test func theClientTakesTheBanksLowerCaseToken() async throws {
        let profile = try Self.monzo()
        let bank = FakeOutbound { _ in
            FakeOutbound.json(.object(["access_token": .string("t-1"), "token_type": .string("bearer"), "expires_in": .number(60)]))
        }
        let clock = FixedClock()
        let registry = try PluginRegistrar.build(plugins: [], configuration: ConfigurationValues(), logger: .init(label: "t"))
        let sealer = SecretSealer(
            store: MemoryStore(), keys: EncryptionKeyResolver(secrets: SecretResolver(registry: registry)), now: clock.now)
        let tokens = BankAccessTokens(http: bank, sealer: sealer, now: clock.now)
        let token = try await tokens.token(
            for: ClientCredentialsTokenTests.client, useRegistrationAccessToken: false, scope: nil, rules: profile.quirks.tokenAnswerRules,
            transport: TransportIdentity(certificatePEM: "", key: TestSigningKey.make()), signing: (TestSigningKey.make(), "kid"))
        #expect(token.revealed == "t-1")
        #expect(bank.requests.count == 1)
    }
}
