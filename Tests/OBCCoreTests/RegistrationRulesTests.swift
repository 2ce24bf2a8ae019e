import Foundation
import OBCPluginAPI
import Testing

@testable import OBCCore

@Suite("Registration request rules (pure)")
struct RegistrationRulesTests {
    typealias Request = BankRegistrationService.Request
    static let dcr = BankProfile(id: "Test_Dcr", group: "Test", bank: "Dcr", issuerUrl: nil, financialId: nil)
    static let portalOnly = BankProfile(
        id: "Test_Portal", group: "Test", bank: "Portal", issuerUrl: nil, financialId: nil, useRegistrationEndpoint: false)

    static func request(_ change: (inout Request) -> Void = { _ in }) -> Request {
        var request = Request(bankProfile: "Test_Dcr", softwareStatementId: UUID())
        change(&request)
        return request
    }

    /// The field an error names (or its detail), nil when `body` passes.
    static func field(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as OBCError {
            return error.field ?? error.detail
        } catch {
            return "\(error)"
        }
    }

    @Test func aSuppliedSecretOrTokenNeedsExternalApiId() {
        #expect(
            Self.field { try RegistrationRules.validate(Self.request { $0.externalApiSecret = SecretValue("s") }, profile: Self.dcr) }
                == "ExternalApiSecret")
        #expect(
            Self.field {
                try RegistrationRules.validate(Self.request { $0.externalApiSecretFromSecrets = SecretDescription(name: "N") }, profile: Self.dcr)
            } == "ExternalApiSecretFromSecrets")
        #expect(
            Self.field { try RegistrationRules.validate(Self.request { $0.registrationAccessToken = SecretValue("t") }, profile: Self.dcr) }
                == "RegistrationAccessToken")
        #expect(
            Self.field {
                try RegistrationRules.validate(
                    Self.request {
                        $0.externalApiId = "client"
                        $0.externalApiSecret = SecretValue("s")
                    }, profile: Self.dcr)
            } == nil)
    }

    @Test func otherRequestRules() {
        #expect(
            Self.field {
                try RegistrationRules.validate(
                    Self.request {
                        $0.externalApiId = "c"
                        $0.externalApiSecret = SecretValue("s")
                        $0.externalApiSecretFromSecrets = SecretDescription(name: "N")
                    }, profile: Self.dcr)
            } == "ExternalApiSecret")
        #expect(Self.field { try RegistrationRules.validate(Self.request { $0.registrationScope = [] }, profile: Self.dcr) } == "RegistrationScope")
        #expect(Self.field { try RegistrationRules.validate(Self.request(), profile: Self.portalOnly) } == "ExternalApiId")
        #expect(Self.field { try RegistrationRules.validate(Self.request { $0.redirectUris = [] }, profile: Self.dcr) } == "RedirectUris")
        #expect(
            Self.field { try RegistrationRules.validate(Self.request { $0.redirectUris = ["not a url"] }, profile: Self.dcr) } == "RedirectUris[0]")
        #expect(Self.field { try RegistrationRules.validate(Self.request(), profile: Self.dcr) } == nil)
    }

    static func client(scope: RegistrationScope = .all, uris: [String] = ["https://tpp.example/cb"]) -> BankClient {
        BankClient(
            key: .init(softwareStatementId: UUID(), bankGroup: "Test", registrationGroup: "Dcr"), state: .active, claimedBy: UUID(),
            claimedAt: Date(), created: Date(), bankProfile: "Test_Dcr", externalApiId: "client", registrationScope: scope,
            tokenEndpointAuthMethod: .tlsClientAuth, useSimulatedBank: false, redirectUris: uris)
    }

    @Test func aRequestJoiningAClientMustFitIt() {
        let client = Self.client()
        #expect(Self.field { try RegistrationRules.requireCompatible(Self.request(), with: client, profile: Self.dcr) } == nil)
        #expect(
            Self.field { try RegistrationRules.requireCompatible(Self.request { $0.externalApiId = "other" }, with: client, profile: Self.dcr) }?
                .hasPrefix("ExternalApiId") == true)
        #expect(
            Self.field {
                try RegistrationRules.requireCompatible(Self.request { $0.registrationScope = .paymentInitiation }, with: client, profile: Self.dcr)
            }?.hasPrefix("RegistrationScope") == true)
        #expect(
            Self.field {
                try RegistrationRules.requireCompatible(Self.request { $0.redirectUris = ["https://other.example"] }, with: client, profile: Self.dcr)
            }?.hasPrefix("RedirectUris") == true)
        var jwt = Self.dcr
        jwt.tokenEndpointAuthMethod = .privateKeyJwt
        #expect(Self.field { try RegistrationRules.requireCompatible(Self.request(), with: client, profile: jwt) }?.hasPrefix("BankProfile") == true)
    }

    static func ssa(roles: [String], uris: [String]) throws -> SoftwareStatementAssertion {
        func part(_ json: JSONValue) throws -> String { CompactJWS.base64URL(try JSONEncoder().encode(json)) }
        let payload: JSONValue = .object([
            "software_id": .string("software"), "software_roles": .array(roles.map(JSONValue.string)),
            "software_redirect_uris": .array(uris.map(JSONValue.string)),
        ])
        return try SoftwareStatementAssertion(jws: "\(try part(.object(["alg": .string("PS256")]))).\(try part(payload)).c2ln")
    }

    static let statement = SoftwareStatement(
        metadata: RecordMetadata(), organisationId: "org", softwareId: "software", sandboxEnvironment: true, defaultObWacCertificateId: UUID(),
        defaultObSealCertificateId: UUID(), defaultQueryRedirectUrl: "https://tpp.example/cb", defaultFragmentRedirectUrl: "https://tpp.example/cb",
        modified: Date())

    @Test func aNewClientTakesTheSSAsSettingsAndDCRMayNotExceedThem() throws {
        let ssa = try Self.ssa(roles: ["AISP"], uris: ["https://tpp.example/cb"])
        let settings = try RegistrationRules.clientSettings(for: Self.request(), statement: Self.statement, ssa: ssa)
        #expect(settings.scope == .accountAndTransaction)
        #expect(settings.redirectUris == ["https://tpp.example/cb"])
        let tooMuch = Self.request { $0.registrationScope = .paymentInitiation }
        #expect(Self.field { _ = try RegistrationRules.clientSettings(for: tooMuch, statement: Self.statement, ssa: ssa) } == "RegistrationScope")
        var supplied = tooMuch
        supplied.externalApiId = "portal-client"
        #expect(try RegistrationRules.clientSettings(for: supplied, statement: Self.statement, ssa: ssa).scope == .paymentInitiation)
        let elsewhere = try Self.ssa(roles: ["AISP"], uris: ["https://elsewhere.example"])
        #expect(
            Self.field { _ = try RegistrationRules.clientSettings(for: Self.request(), statement: Self.statement, ssa: elsewhere) }
                == "SoftwareStatementId")
    }
}
