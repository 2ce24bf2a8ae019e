import Foundation
import OBCSimulator
import OBCTestSupport
import Testing

/// Issue 19 item 1: OBWAC and OBSeal certificates may be leaf-first chains, as the OB
/// Directory issues them; the chain is checked, the key matched against the leaf, and the
/// whole chain presented in mutual TLS.
@Suite("Certificate chains through the real server and a bank that trusts only the root")
struct CertificateChainTests {
    /// The shared simulator material with its OBWAC re-issued by an intermediate CA.
    static let chainPKI = Result { try SharedPKI.value().withObWacIssuedByIntermediate() }

    /// The PEM blocks of a chain, in order.
    static func blocks(_ pem: String) -> [String] {
        pem.components(separatedBy: "-----END CERTIFICATE-----").dropLast().map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines) + "\n-----END CERTIFICATE-----\n"
        }
    }

    static func wacBody(_ certificate: String, key: String = "ObWac") -> [String: any Sendable] {
        ["AssociatedKey": ["Name": "OpenBankingConnector:Keys:\(key)"], "Certificate": certificate]
    }

    @Test func aLeafFirstChainIsAcceptedAndAMisorderedOrUnrelatedOneIsRefusedNamingCertificate() async throws {
        let pki = try Self.chainPKI.get()
        let chain = pki.obWacCertificatePEM
        let (leaf, intermediate) = (Self.blocks(chain)[0], Self.blocks(chain)[1])
        #expect(Self.blocks(chain).count == 2)
        try await RegistrationHarness.with(pki: pki) { harness in
            try await harness.runtime.withServer { client in
                let created = try await client.send(.post, "/manage/obwac-certificates", json: Self.wacBody(chain))
                #expect(created.status == .created, "\(created.text)")
                #expect(created["Warnings"] == nil)
                let id = try #require(created["Id"] as? String)
                let read = try await client.send(.get, "/manage/obwac-certificates/\(id)")
                #expect(Self.blocks(read["Certificate"] as? String ?? "") == [leaf, intermediate])
                var seal = Self.wacBody(chain)
                seal["AssociatedKeyId"] = "chain-kid"
                let sealed = try await client.send(.post, "/manage/obseal-certificates", json: seal)
                #expect(sealed.status == .created, "\(sealed.text)")

                let reversed = try await client.send(.post, "/manage/obwac-certificates", json: Self.wacBody(intermediate + leaf))
                Self.expectRefused(reversed, field: "Certificate", phrases: ["certificate 2 of 2", "reverse order"])
                // The root did not issue the leaf: the intermediate is missing between them.
                let unrelated = try await client.send(.post, "/manage/obwac-certificates", json: Self.wacBody(leaf + pki.caCertificatePEM))
                Self.expectRefused(unrelated, field: "Certificate", phrases: ["certificate 2 of 2", "did not sign certificate 1"])
                #expect((unrelated["detail"] as? String)?.contains("reverse order") == false)
                // The key must be the leaf's, not merely some key.
                let otherKey = try await client.send(.post, "/manage/obwac-certificates", json: Self.wacBody(chain, key: "Untrusted"))
                Self.expectRefused(otherKey, field: "AssociatedKey", phrases: ["does not belong to the certificate"])
            }
            // The start-up check reads the stored chains with the same rules: a restart is ready.
            try await harness.runtime.withServer { client in
                let ready = try await client.send(.get, "/health/ready")
                #expect(ready.status == .ok, "\(ready.text)")
                #expect(ready["Status"] as? String == "Ready", "\(ready.text)")
            }
        }
    }

    @Test func anExpiredChainMemberIsAcceptedWithAWarningNamingIt() async throws {
        let past = Date().addingTimeInterval(-10 * 86400)...Date().addingTimeInterval(-86400)
        let pki = try SharedPKI.value().withObWacIssuedByIntermediate(intermediateValidity: past)
        try await RegistrationHarness.with(pki: pki) { harness in
            try await harness.runtime.withServer { client in
                let created = try await client.send(.post, "/manage/obwac-certificates", json: Self.wacBody(pki.obWacCertificatePEM))
                #expect(created.status == .created, "\(created.text)")
                let warnings = try #require(created["Warnings"] as? [String], "\(created.text)")
                #expect(warnings.count == 1, "only the intermediate expired: \(warnings)")
                let warning = try #require(warnings.first)
                #expect(warning.contains("Chain certificate 2"), "\(warning)")
                #expect(warning.contains("OpenBanking Simulator Issuing CA"), "\(warning)")
                #expect(warning.contains("expired"), "\(warning)")
            }
        }
    }

    /// The simulated Directory and banks trust only the root CA, and the OBWAC is issued by an
    /// intermediate: a registration succeeds only when the connector presents the intermediate.
    @Test func aRegistrationPresentsTheIntermediateToABankThatTrustsOnlyTheRoot() async throws {
        let pki = try Self.chainPKI.get()
        try await RegistrationHarness.with(pki: pki) { harness in
            try await harness.runtime.withServer { client in
                let statement = try await harness.createSoftwareStatement(client)
                let created = try await harness.register(client, profile: "Obie_Model2023", statement: statement)
                #expect(created.status == .created, "\(created.text)")
                #expect(harness.simulator.registrationPosts("Obie_Model2023") == 1)

                // The same leaf without its intermediate cannot be verified up to the root.
                let leafOnly = try await harness.createSoftwareStatement(client, wacCertificate: Self.blocks(pki.obWacCertificatePEM)[0])
                let refused = try await harness.register(client, profile: "Obie_Model2023", statement: leafOnly)
                #expect(refused.status == .badGateway, "\(refused.text)")
                #expect(refused["endpointUrl"] as? String == harness.simulator.directoryTokenURL, "\(refused.text)")
                #expect(harness.simulator.registrationPosts("Obie_Model2023") == 1)
            }
        }
    }

    static func expectRefused(_ response: JSONResponse, field: String, phrases: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(response.status == .badRequest, "\(response.text)", sourceLocation: sourceLocation)
        #expect(response.contentType == "application/problem+json", sourceLocation: sourceLocation)
        #expect(response["field"] as? String == field, "\(response.text)", sourceLocation: sourceLocation)
        let detail = response["detail"] as? String ?? ""
        for phrase in phrases { #expect(detail.contains(phrase), "\(detail) lacks \(phrase)", sourceLocation: sourceLocation) }
    }
}
