import Foundation
import NIOSSL
import OBCTestSupport
import Testing
import X509

/// Issue 21's proof: OBSeal and OBWAC keys generated in a fresh SoftHSM2 token, never
/// extractable, and a full registration through `obc serve` against the simulator (discovery,
/// SSA with an RS256 client assertion and mutual TLS, a PS256-signed DCR over mutual TLS).
@Suite("Keys in a PKCS#11 token: a full registration", .enabled(if: SoftHSMToken.runs, SoftHSMToken.missing))
struct TokenRegistrationTests {
    /// TLS 1.3 (the simulator's default) and TLS 1.2 only: the token signs each version's
    /// CertificateVerify with a scheme the bank offers.
    @Test(arguments: ["TLS 1.3", "TLS 1.2"])
    func aRegistrationSignsAndHandshakesWithTheTokensKeys(tls: String) async throws {
        try await TokenServer.with(maximumTLSVersion: tls == "TLS 1.2" ? .tlsv12 : nil) { server in
            let listing = try server.token.listObjects()
            #expect(listing.contains("never extractable"), "\(listing)")
            #expect(!listing.contains("Access:       extractable"))

            let statement = try await server.createSoftwareStatement()
            let (status, body) = try await server.register(statement: statement)
            #expect(status == 201, "\(body)")
            #expect(TokenServer.id(body) != nil)

            // The Directory accepted the RS256 assertion and the SSA was fetched over mutual TLS;
            // the bank verified the PS256 DCR JWS against the OBSeal certificate's key (the TPP's
            // JWKS) and saw the OBWAC over mutual TLS.
            let simulator = server.simulator
            #expect(simulator.ssaRequests == 1)
            #expect(simulator.registrationPosts(TokenServer.profileId) == 1)
            let presented = simulator.registrationCertificates(TokenServer.profileId)
            let tokenWac = try simulator.pki.obWacCertificate()
            #expect(presented.count == 1)
            // The handshake proved possession of the key of the certificate presented, and that
            // key exists only inside the token.
            #expect(presented.first == tokenWac)
            #expect(presented.first?.publicKey == tokenWac.publicKey)
            #expect(simulator.pki.obWacKeyPEM.isEmpty && simulator.pki.obSealKeyPEM.isEmpty)

            // The registration is readable and the bank answers GET through the same keys.
            let id = try #require(TokenServer.id(body))
            let read = try await LiveHTTP.get("\(server.base)/manage/bank-registrations/\(id)")
            #expect(read.0 == 200, "\(read.1)")
            #expect(!server.process.text.contains(server.token.pin))
        }
    }
}
