import Foundation
import OBCPluginAPI
import Testing

/// Each kind of bank difference is declared once (`BankDifferences.all`): the YAML decoder, the
/// client side and the simulated bank side all read the same declaration.
@Suite("Bank differences: one declaration read by the decoder, the client and the simulated bank")
struct BankDifferenceTests {
    @Test func everyKindHasItsOwnKeyAndTheDecoderKnowsExactlyThose() throws {
        let keys = BankDifferences.all.map { $0.key }
        #expect(Set(keys).count == keys.count, "two kinds share a key: \(keys)")
        let yaml = "quirks:\n" + keys.map { "  \($0): null\n" }.joined()
        let decoded = try YAMLDecoderProbe.quirks(yaml)
        #expect(decoded == RegistrationQuirks(), "a null value is the specification's")
    }

    @Test func aProfileWithoutQuirksIsTheSpecification() {
        let quirks = RegistrationQuirks()
        #expect(quirks.requestShape == RegistrationRequestShape())
        #expect(quirks.clientCredentialsScopeRule == .none)
        #expect(quirks.tokenAnswerRules == TokenAnswerRules())
        var answer = RegistrationAnswer(body: ["client_id_issued_at": .number(1_800_000_000), "scope": .string("openid accounts")], issuedAt: 0)
        let before = answer
        quirks.bankWrites(&answer)
        #expect(answer == before, "the simulated bank writes the specification's answer")
        quirks.clientReads(&answer)
        #expect(answer == before, "the client reads the specification's answer as it is")
    }

    /// Whatever the bank writes because of a difference, the client reads back to the
    /// specification's form: the two sides of one declaration agree.
    @Test func whatTheBankWritesTheClientReadsBack() {
        let quirks = RegistrationQuirks().with(BankDifferences.ScopeResponseAsArray.self, true)
            .with(BankDifferences.ClientIdIssuedAtInMilliseconds.self, true).with(BankDifferences.IssuedAtAndExpiryInMilliseconds.self, true)
        let issuedAt = 1_800_000_000.0
        let specification: [String: JSONValue] = [
            "client_id_issued_at": .number(issuedAt), "client_secret_expires_at": .number(0), "scope": .string("openid accounts"),
        ]
        var answer = RegistrationAnswer(body: specification, issuedAt: issuedAt)
        quirks.bankWrites(&answer)
        #expect(answer.body["client_id_issued_at"] == .number(issuedAt * 1000))
        #expect(answer.body["iat"] == .number(issuedAt * 1000) && answer.body["exp"] == .number((issuedAt + 300) * 1000))
        #expect(answer.body["scope"] == .array([.string("openid"), .string("accounts")]))
        quirks.clientReads(&answer)
        var expected = specification
        expected["iat"] = .number(issuedAt)
        expected["exp"] = .number(issuedAt + 300)
        #expect(answer.body == expected)
    }

    @Test func theRequestShapeFoldsEveryKind() {
        let quirks = RegistrationQuirks().with(BankDifferences.AudClaim.self, BankDifferences.AudClaim.issuerURL)
            .with(BankDifferences.ContentTypeApplicationJose.self, true).with(BankDifferences.ScopeClaimAsArray.self, true)
            .with(BankDifferences.GrantTypesClaim.self, ["client_credentials"]).with(BankDifferences.SubjectTypeClaim.self, "pairwise")
            .with(BankDifferences.TransportCertificateSubjectDnOrgIdEncoding.self, .dottedDecimalAttributeType)
        let shape = quirks.requestShape
        #expect(shape.audience == .issuer && shape.contentType == "application/jose" && shape.scopeAsArray)
        #expect(shape.grantTypes == ["client_credentials"] && shape.subjectType == "pairwise")
        #expect(shape.subjectDnOrgIdEncoding == .dottedDecimalAttributeType)
        #expect(RegistrationQuirks().with(BankDifferences.AudClaim.self, "aud").requestShape.audience == .literal("aud"))
    }

    @Test func settingTheSpecificationsValueIsNoDifference() {
        let quirks = RegistrationQuirks().with(BankDifferences.ContentTypeApplicationJose.self, false)
        #expect(quirks == RegistrationQuirks())
        #expect(RegistrationQuirks().with(BankDifferences.ContentTypeApplicationJose.self, true) != RegistrationQuirks())
    }

    @Test func quirksEncodeEveryKindAndDecodeBack() throws {
        let quirks = RegistrationQuirks().with(BankDifferences.AudClaim.self, "x").with(BankDifferences.ScopeClaimAsArray.self, true)
        let json = try JSONEncoder().encode(quirks)
        let object = try JSONDecoder().decode([String: JSONValue].self, from: json)
        #expect(object["audClaim"] == .string("x") && object["scopeClaimAsArray"] == .bool(true))
        #expect(object["contentTypeApplicationJose"] == .bool(false), "a kind at the specification's value is shown")
        #expect(object["grantTypesClaim"] == nil, "a nil value is left out")
        #expect(try JSONDecoder().decode(RegistrationQuirks.self, from: json) == quirks)
    }
}

/// Decodes a `quirks:` mapping the way bank-profile YAML is read.
enum YAMLDecoderProbe {
    static func quirks(_ yaml: String) throws -> RegistrationQuirks {
        let group = try YAMLBankGroup(
            yaml: """
                group: Probe
                defaults:
                  issuerUrl: https://probe.example
                  financialId: fid
                  dcrVersion: Version3p2
                  useRegistrationEndpoint: true
                  useRegistrationGetEndpoint: false
                  useRegistrationDeleteEndpoint: false
                  useRegistrationAccessToken: false
                  tokenEndpointAuthMethod: tls_client_auth
                profiles:
                - id: Probe_Bank
                  bank: Bank
                \(yaml.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
                """, configuration: .environment([:]))
        return group.profiles[0].quirks
    }
}
