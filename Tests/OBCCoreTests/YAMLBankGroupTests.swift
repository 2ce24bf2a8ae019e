import Foundation
import Logging
import OBCCore
import OBCPluginAPI
import Testing

@Suite("Bank-group YAML: defaults, overrides, validation; the registry's profile table")
struct YAMLBankGroupTests {
    static let yaml = """
        group: Test
        defaults:
          issuerUrl: null
          financialId: null
          dcrVersion: Version3p2
          useRegistrationEndpoint: true
          useRegistrationGetEndpoint: false
          useRegistrationDeleteEndpoint: false
          useRegistrationAccessToken: false
          tokenEndpointAuthMethod: tls_client_auth
          quirks:
            contentTypeApplicationJose: true
            subjectDnOrgIdEncoding: DottedDecimalAttributeType
        profiles:
        - id: Test_Plain
          bank: Plain
        - id: Test_Special
          bank: Special
          issuerUrl: https://special.example
          useRegistrationGetEndpoint: true
          tokenEndpointAuthMethod: private_key_jwt
          quirks:
            contentTypeApplicationJose: false
            clientIdIssuedAtInMilliseconds: true
        """

    @Test func profilesTakeTheDefaultsAndOverrideOnlyWhatTheyList() throws {
        let group = try YAMLBankGroup(yaml: Self.yaml, configuration: .environment([:]))
        #expect(group.name == "Test")
        let plain = try #require(group.profiles.first { $0.id == "Test_Plain" })
        let special = try #require(group.profiles.first { $0.id == "Test_Special" })
        #expect(plain.group == "Test", "the group comes from the file")
        #expect(plain.issuerUrl == nil)
        #expect(plain.tokenEndpointAuthMethod == .tlsClientAuth)
        #expect(plain.quirks[BankDifferences.ContentTypeApplicationJose.self])
        #expect(plain.quirks[BankDifferences.TransportCertificateSubjectDnOrgIdEncoding.self] == .dottedDecimalAttributeType)
        #expect(!plain.useRegistrationGetEndpoint)
        #expect(special.issuerUrl == "https://special.example")
        #expect(special.useRegistrationGetEndpoint)
        #expect(special.tokenEndpointAuthMethod == .privateKeyJwt)
        #expect(!special.quirks[BankDifferences.ContentTypeApplicationJose.self], "a quirk is overridden")
        #expect(special.quirks[BankDifferences.ClientIdIssuedAtInMilliseconds.self], "a quirk is added")
        #expect(
            special.quirks[BankDifferences.TransportCertificateSubjectDnOrgIdEncoding.self] == .dottedDecimalAttributeType,
            "other default quirks stay")
    }

    @Test func configurationOverridesTheData() throws {
        let group = try YAMLBankGroup(
            yaml: Self.yaml,
            configuration: .environment([
                "OpenBankingConnector__BankProfiles__Test__Special__IssuerUrl": "https://configured.example",
                "OpenBankingConnector__BankProfiles__Test__Default__FinancialId": "fid",
            ]))
        #expect(group.profiles.first { $0.id == "Test_Special" }?.issuerUrl == "https://configured.example")
        #expect(group.profiles.allSatisfy { $0.financialId == "fid" })
    }

    @Test(arguments: [
        ("  tokenEndpointAuthMethod: tls_client_auth\n", "  tokenEndpointAuthMethod: tls\n", "tokenEndpointAuthMethod"),
        ("  dcrVersion: Version3p2\n", "", "dcrVersion"),
        ("- id: Test_Plain\n  bank: Plain\n", "- id: Test_Plain\n  bank: Plain\n  useRegistrationGetEndpont: true\n", "useRegistrationGetEndpont"),
        ("    contentTypeApplicationJose: true\n", "    contentTypeApplicationJoss: true\n", "contentTypeApplicationJoss"),
        ("group: Test\n", "", "group"),
    ])
    func mistakesAreRefusedNamingTheFieldAndTheProfile(original: String, replacement: String, field: String) throws {
        let broken = Self.yaml.replacingOccurrences(of: original, with: replacement)
        #expect(broken != Self.yaml)
        let error = #expect(throws: OBCError.self) { try YAMLBankGroup(yaml: broken, configuration: .environment([:]), source: "Test.yaml") }
        #expect(error?.kind == .misconfigured)
        #expect(error?.detail.contains(field) == true, "\(error?.detail ?? "")")
        #expect(error?.detail.contains("Test.yaml") == true)
    }

    struct Group: BankGroupBehaviour {
        let name: String
        let profiles: [BankProfile]
    }

    static func profile(_ id: String, group: String) -> BankProfile {
        BankProfile(id: id, group: group, bank: "Bank", issuerUrl: nil, financialId: nil)
    }

    @Test func theRegistryRefusesADuplicateIdAndAProfileUnderTheWrongGroupNamingBoth() throws {
        var registrar = PluginRegistrar(configuration: .environment([:]), logger: Logger(label: "test"))
        try registrar.register(bankGroup: Group(name: "A", profiles: [Self.profile("A_One", group: "A")]))
        let duplicate = #expect(throws: OBCError.self) {
            try registrar.register(bankGroup: Group(name: "B", profiles: [Self.profile("A_One", group: "B")]))
        }
        #expect(duplicate?.detail.contains("A_One") == true)
        #expect(duplicate?.detail.contains("group A") == true && duplicate?.detail.contains("group B") == true)
        let misfiled = #expect(throws: OBCError.self) {
            try registrar.register(bankGroup: Group(name: "C", profiles: [Self.profile("D_Two", group: "D")]))
        }
        #expect(misfiled?.detail.contains("D_Two") == true)
        #expect(misfiled?.detail.contains("group D") == true && misfiled?.detail.contains("group C") == true)
        try registrar.register(bankGroup: Group(name: "E", profiles: [Self.profile("E_One", group: "E")]))
        let registry = registrar.makeRegistry()
        #expect(Set(registry.bankProfiles.keys) == ["A_One", "E_One"])
    }
}
