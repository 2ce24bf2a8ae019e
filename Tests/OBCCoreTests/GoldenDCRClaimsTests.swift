import BankProfileMonzo
import DCRV3p1
import DCRV3p2
import DCRV3p3
import Foundation
import OBCCore
import OBCPluginAPI
import Testing

@Suite("Golden DCR claims per version, and Monzo's registration-group rule")
struct GoldenDCRClaimsTests {
    /// The claims every version shares, as OBC writes them.
    static let shared: [String: JSONValue] = [
        "iss": .string("software-id"), "iat": .number(1_700_000_000), "exp": .number(1_700_000_300), "aud": .string("aud"),
        "jti": .string("jti-1"), "redirect_uris": .array([.string("https://tpp.example/cb")]),
        "token_endpoint_auth_method": .string("tls_client_auth"),
        "grant_types": .array([.string("client_credentials"), .string("authorization_code"), .string("refresh_token")]),
        "response_types": .array([.string("code id_token")]), "software_id": .string("software-id"),
        "software_statement": .string("ssa.jws.value"), "application_type": .string("web"), "id_token_signed_response_alg": .string("PS256"),
        "request_object_signing_alg": .string("PS256"),
    ]

    static func golden(_ extra: [String: JSONValue]) -> JSONValue { .object(shared.merging(extra) { _, new in new }) }

    @Test func version3p1NamesTheDNTlsClientAuthDnAndSendsScopeAsAnArray() {
        let claims = DCRV3p1Translator().wireClaims(for: RegistrationClaimsFixture.claims(), quirks: RegistrationQuirks())
        #expect(
            claims
                == Self.golden([
                    "tls_client_auth_dn": .string("CN=tpp,O=TPP Ltd"), "scope": .array([.string("openid"), .string("accounts")]),
                ]))
    }

    @Test func version3p2And3p3SendScopeAsAStringAndTheSubjectDnClaim() {
        let golden = Self.golden(["tls_client_auth_subject_dn": .string("CN=tpp,O=TPP Ltd"), "scope": .string("openid accounts")])
        #expect(DCRV3p2Translator().wireClaims(for: RegistrationClaimsFixture.claims(), quirks: RegistrationQuirks()) == golden)
        #expect(DCRV3p3Translator().wireClaims(for: RegistrationClaimsFixture.claims(), quirks: RegistrationQuirks()) == golden)
    }

    @Test func privateKeyJwtAddsItsSigningAlgorithmAndQuirksChangeTheSpelling() {
        let claims = DCRV3p2Translator().wireClaims(
            for: RegistrationClaimsFixture.claims(method: .privateKeyJwt),
            quirks: RegistrationQuirks().with(BankDifferences.ScopeClaimAsArray.self, true))
        #expect(claims["token_endpoint_auth_signing_alg"]?.stringValue == "PS256")
        #expect(claims["token_endpoint_auth_method"]?.stringValue == "private_key_jwt")
        #expect(claims["scope"] == .array([.string("openid"), .string("accounts")]))
    }

    @Test func monzoSeparatesAccountAccessFromPaymentsPerEnvironment() throws {
        let group = try #require(try Self.monzo())
        let monzo = try #require(group.profiles.first { $0.id == "Monzo_Monzo" })
        let sandbox = try #require(group.profiles.first { $0.id == "Monzo_Sandbox" })
        #expect(group.registrationGroupDependsOnScope)
        #expect(try group.registrationGroup(for: monzo, scope: .accountAndTransaction) == "Production_Aisp")
        #expect(try group.registrationGroup(for: monzo, scope: .paymentInitiation) == "Production_Pisp")
        #expect(try group.registrationGroup(for: sandbox, scope: .accountAndTransaction) == "Sandbox_Aisp")
        #expect(try group.registrationGroup(for: sandbox, scope: .paymentInitiation) == "Sandbox_Pisp")
        for scope: RegistrationScope in [.all, .fundsConfirmation, [.accountAndTransaction, .paymentInitiation]] {
            let error = #expect(throws: OBCError.self) { try group.registrationGroup(for: monzo, scope: scope) }
            #expect(error?.field == "RegistrationScope")
        }
    }

    static func monzo() throws -> (any BankGroupBehaviour)? {
        var registrar = PluginRegistrar(configuration: .environment([:]), logger: .init(label: "test"))
        try MonzoBankGroup.register(with: &registrar)
        return registrar.makeRegistry().bankGroups["Monzo"]
    }
}
