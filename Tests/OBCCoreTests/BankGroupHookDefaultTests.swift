import Foundation
import OBCPluginAPI
import Testing

@testable import OBCCore

/// A group that writes no code: every hook answers from the profile's data.
struct DataOnlyGroup: BankGroupBehaviour {
    let name = "Test"
    let profiles: [BankProfile] = []
}

@Suite("Bank-group hooks: defaults driven by the profile's data")
struct BankGroupHookDefaultTests {
    let group = DataOnlyGroup()

    func profile(_ quirks: RegistrationQuirks = RegistrationQuirks(), financialId: String? = "fid") -> BankProfile {
        BankProfile(id: "Test_Bank", group: "Test", bank: "Bank", issuerUrl: "https://bank.example", financialId: financialId, quirks: quirks)
    }

    @Test func audienceIsTheFinancialIdTheIssuerOrALiteral() throws {
        #expect(try group.dcrAudience(for: profile(), issuer: "https://issuer") == "fid")
        #expect(
            try group.dcrAudience(for: profile(RegistrationQuirks().with(BankDifferences.AudClaim.self, "IssuerUrl")), issuer: "https://issuer")
                == "https://issuer")
        #expect(
            try group.dcrAudience(for: profile(RegistrationQuirks().with(BankDifferences.AudClaim.self, "literal")), issuer: "https://issuer")
                == "literal")
        let missing = #expect(throws: OBCError.self) { try group.dcrAudience(for: profile(financialId: nil), issuer: "https://issuer") }
        #expect(missing?.kind == .misconfigured)
        #expect(missing?.detail.contains("OpenBankingConnector:BankProfiles:Test:Bank:FinancialId") == true)
    }

    @Test func claimsTakeGrantTypesAndSubjectTypeFromTheQuirks() {
        var claims = RegistrationClaimsFixture.claims()
        group.adjust(&claims, for: profile())
        #expect(claims == RegistrationClaimsFixture.claims(), "no quirks, no change")
        group.adjust(
            &claims,
            for: profile(
                RegistrationQuirks().with(BankDifferences.SubjectTypeClaim.self, "pairwise").with(
                    BankDifferences.GrantTypesClaim.self, ["client_credentials"])))
        #expect(claims.grantTypes == ["client_credentials"])
        #expect(claims.subjectType == "pairwise")
    }

    @Test func contentTypeIsJwtUnlessJose() {
        #expect(group.registrationContentType(for: profile()) == "application/jwt")
        #expect(
            group.registrationContentType(for: profile(RegistrationQuirks().with(BankDifferences.ContentTypeApplicationJose.self, true)))
                == "application/jose")
    }

    @Test func discoveryIsTheWellKnownURLOrTheProfilesOwnAndNoManualConfiguration() {
        var own = profile()
        #expect(group.discoveryURL(for: own, issuer: "https://bank.example/") == "https://bank.example/.well-known/openid-configuration")
        own.openIdConfigurationUrl = "https://bank.example/openid-configuration"
        #expect(group.discoveryURL(for: own, issuer: "https://bank.example") == "https://bank.example/openid-configuration")
        #expect(group.manualOpenIDConfiguration(for: own, issuer: "https://bank.example") == nil)
        own.openIdConfiguration = .object(["issuer": .string("https://bank.example")])
        #expect(group.manualOpenIDConfiguration(for: own, issuer: "https://bank.example") == own.openIdConfiguration)
    }

    @Test func discoveryOverridesReplaceWhatTheBankSays() throws {
        let json: JSONValue = .object([
            "issuer": .string("https://bank.example"), "authorization_endpoint": .string("https://bank.example/authorize"),
            "token_endpoint": .string("https://bank.example/token"), "jwks_uri": .string("https://bank.example/jwks"),
            "token_endpoint_auth_methods_supported": .array([.string("tls_client_auth")]),
            "response_modes_supported": .array([.string("query")]),
        ])
        var configuration = try OpenIDConfiguration(json: json, url: "test")
        group.adjust(&configuration, for: profile())
        #expect(configuration.responseModesSupported == ["query"])
        group.adjust(
            &configuration,
            for: profile(
                RegistrationQuirks().with(BankDifferences.ResponseModesSupportedOverride.self, ["fragment"]).with(
                    BankDifferences.TokenEndpointAuthMethodsSupportedOverride.self, ["private_key_jwt"])))
        #expect(configuration.responseModesSupported == ["fragment"])
        #expect(configuration.tokenEndpointAuthMethodsSupported == ["private_key_jwt"])
    }

    @Test func clientCredentialsScopeIsTheProfilesOrChosenFromTheRegistration() throws {
        #expect(try group.clientCredentialsScope(for: profile(), registrationScope: .all) == nil)
        #expect(
            try group.clientCredentialsScope(
                for: profile(RegistrationQuirks().with(BankDifferences.ClientCredentialsTokenScope.self, "openid")), registrationScope: .all)
                == "openid")
        let byScope = profile(
            RegistrationQuirks().with(BankDifferences.ClientCredentialsTokenScope.self, BankDifferences.ClientCredentialsTokenScope.fromRegistration))
        #expect(try group.clientCredentialsScope(for: byScope, registrationScope: .all) == "accounts")
        #expect(try group.clientCredentialsScope(for: byScope, registrationScope: [.paymentInitiation, .fundsConfirmation]) == "payments")
        #expect(try group.clientCredentialsScope(for: byScope, registrationScope: .fundsConfirmation) == "fundsconfirmations")
        #expect(throws: OBCError.self) { try group.clientCredentialsScope(for: byScope, registrationScope: []) }
    }

    @Test func endpointsFollowTheProfileFlags() {
        var flags = profile()
        #expect(group.registrationEndpoints(for: flags) == RegistrationEndpoints(get: false, delete: false, useRegistrationAccessToken: false))
        flags.useRegistrationGetEndpoint = true
        flags.useRegistrationDeleteEndpoint = true
        flags.useRegistrationAccessToken = true
        #expect(group.registrationEndpoints(for: flags) == RegistrationEndpoints(get: true, delete: true, useRegistrationAccessToken: true))
    }

    @Test func registrationGroupIsTheProfilesOrTheBank() throws {
        var own = profile()
        #expect(try group.registrationGroup(for: own, scope: .all) == "Bank")
        own.registrationGroup = "Shared"
        #expect(try group.registrationGroup(for: own, scope: .all) == "Shared")
        #expect(!group.registrationGroupDependsOnScope)
    }

    @Test func responsesAreReadInMillisecondsAndArraysWhenTheQuirksSaySo() throws {
        let format = DCRWireFormat(subjectDnClaim: "tls_client_auth_subject_dn", scopeIsArray: false, tokenEndpointAuthMethods: [])
        let body: JSONValue = .object([
            "client_id": .string("c"), "client_id_issued_at": .number(1_700_000_000_123), "iat": .number(1_700_000_000_999),
            "exp": .number(1_700_000_300_000), "scope": .array([.string("openid"), .string("accounts")]),
        ])
        let quirks = RegistrationQuirks().with(BankDifferences.ScopeResponseAsArray.self, true).with(
            BankDifferences.ClientIdIssuedAtInMilliseconds.self, true
        )
        .with(BankDifferences.IssuedAtAndExpiryInMilliseconds.self, true)
        let read = try format.response(body, requestedMethod: .tlsClientAuth, quirks: quirks).redacted
        #expect(read["client_id_issued_at"]?.numberValue == 1_700_000_000)
        #expect(read["iat"]?.numberValue == 1_700_000_000)
        #expect(read["exp"]?.numberValue == 1_700_000_300)
        #expect(read["scope"]?.stringValue == "openid accounts")
        let seconds = try format.response(body, requestedMethod: .tlsClientAuth, quirks: RegistrationQuirks()).redacted
        #expect(seconds["iat"]?.numberValue == 1_700_000_000_999, "seconds are left alone")
    }
}

enum RegistrationClaimsFixture {
    static func claims(method: TokenEndpointAuthMethod = .tlsClientAuth) -> RegistrationClaims {
        RegistrationClaims(
            issuer: "software-id", issuedAt: 1_700_000_000, expiresAt: 1_700_000_300, audience: "aud", jwtId: "jti-1",
            redirectUris: ["https://tpp.example/cb"], tokenEndpointAuthMethod: method,
            grantTypes: ["client_credentials", "authorization_code", "refresh_token"], responseTypes: ["code id_token"],
            softwareId: "software-id", scope: ["openid", "accounts"], softwareStatement: "ssa.jws.value",
            tokenEndpointAuthSigningAlg: method == .privateKeyJwt ? "PS256" : nil, tlsClientAuthSubjectDn: "CN=tpp,O=TPP Ltd", subjectType: nil)
    }
}
