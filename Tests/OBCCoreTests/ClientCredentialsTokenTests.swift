import Foundation
import OBCMemory
import OBCPluginAPI
import OBCTestKit
import Testing

@testable import OBCCore

/// The client-credentials token the core asks a bank for before GET/DELETE/PUT `/register`,
/// on the light test kit: an in-memory store, a fake bank and a fixed clock.
@Suite("Client-credentials tokens for a bank's registration endpoints")
struct ClientCredentialsTokenTests {
    let clock = FixedClock()
    let store = MemoryStore()

    func tokens(answering body: JSONValue) throws -> (BankAccessTokens, FakeOutbound) {
        let bank = FakeOutbound { _ in FakeOutbound.json(body) }
        let registry = try PluginRegistrar.build(plugins: [], configuration: ConfigurationValues(), logger: .init(label: "t"))
        let sealer = SecretSealer(store: store, keys: EncryptionKeyResolver(secrets: SecretResolver(registry: registry)), now: clock.now)
        return (BankAccessTokens(http: bank, sealer: sealer, now: clock.now), bank)
    }

    static let client = BankClient(
        key: .init(softwareStatementId: UUID(), bankGroup: "Test", registrationGroup: "Test"), state: .active, claimedBy: UUID(),
        claimedAt: Date(), created: Date(), bankProfile: "Test_Bank", externalApiId: "client-1", registrationScope: .all,
        tokenEndpointAuthMethod: .tlsClientAuth, useSimulatedBank: true, tokenEndpoint: "https://bank.example/token")

    func token(_ tokens: BankAccessTokens, rules: TokenAnswerRules = TokenAnswerRules()) async throws -> SecretValue {
        try await tokens.token(
            for: Self.client, useRegistrationAccessToken: false, scope: "accounts", rules: rules,
            transport: TransportIdentity(certificatePEM: "", key: TestSigningKey.make()), signing: (TestSigningKey.make(), "kid"))
    }

    static func answer(_ tokenType: String?, accessToken: String? = "t-1") -> JSONValue {
        var body: [String: JSONValue] = ["expires_in": .number(60)]
        if let tokenType { body["token_type"] = .string(tokenType) }
        if let accessToken { body["access_token"] = .string(accessToken) }
        return .object(body)
    }

    @Test func aBearerTokenIsCachedUntilShortlyBeforeItExpires() async throws {
        let (tokens, bank) = try tokens(answering: Self.answer("Bearer"))
        #expect(try await token(tokens).revealed == "t-1")
        clock.advance(by: 49)
        _ = try await token(tokens)
        #expect(bank.requests.count == 1, "a token 11 s from expiry is re-used")
        clock.advance(by: 2)
        _ = try await token(tokens)
        #expect(bank.requests.count == 2, "a token 9 s from expiry is replaced")
        let form = String(decoding: bank.requests[0].body ?? Data(), as: UTF8.self)
        #expect(form.contains("grant_type=client_credentials") && form.contains("scope=accounts") && form.contains("client_id=client-1"))
    }

    @Test(arguments: ["bearer", "BEARER", "MAC", ""])
    func theSpecificationWantsTokenTypeBearerExactly(_ tokenType: String) async throws {
        let (tokens, _) = try tokens(answering: Self.answer(tokenType))
        await #expect(throws: OBCError.self) { try await token(tokens) }
        do {
            _ = try await token(tokens)
        } catch let error as OBCError {
            #expect(error.kind == .upstream(status: 502))
            #expect(error.detail.contains("token_type '\(tokenType)'"), "\(error.detail)")
        }
    }

    @Test func anAnswerWithoutAnAccessTokenIsRefused() async throws {
        let (tokens, _) = try tokens(answering: Self.answer("Bearer", accessToken: nil))
        await #expect(throws: OBCError.self) { try await token(tokens) }
    }
}
