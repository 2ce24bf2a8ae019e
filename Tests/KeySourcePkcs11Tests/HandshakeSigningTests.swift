import Foundation
import Logging
import OBCApp
import OBCCore
import OBCOutbound
import OBCPluginAPI
import OBCSimulator
import OBCTestSupport
import Synchronization
import Testing

@testable import KeySourcePkcs11

/// The mutual-TLS handshake signed by the token through the product's outbound HTTP, and what
/// happens when the token cannot sign it (all sessions busy): a 503-kind error naming the key
/// and saying the handshake could not be signed, not a bank's 502, within the session wait.
@Suite("TLS handshakes signed by a key in a PKCS#11 token", .enabled(if: SoftHSMToken.runs, SoftHSMToken.missing))
struct HandshakeSigningTests {
    @Test func aHandshakeTheTokenCannotSignIsUnavailableNamingTheKey() async throws {
        let fixture = try InProcessTokens.token("exhaustion")
        // Settings of their own, so this pool is not the session-exhaustion test's.
        let extra = [
            "OpenBankingConnector__Pkcs11__MaxSessions": "1", "OpenBankingConnector__Pkcs11__SessionWaitMilliseconds": "250",
            "OpenBankingConnector__Pkcs11__OperationTimeoutMilliseconds": "120000",
        ]
        let environment = fixture.token.settings().merging(extra) { _, new in new }
        let source = InProcessTokens.keySource(fixture.token, extra: extra)
        let signer = try await source.signer(named: "rsa", secrets: InProcessTokens.secrets(fixture.token))
        let settings = try Pkcs11Settings(configuration: ConfigurationValues.environment(environment))
        let pool = try Pkcs11KeySource.pool(for: settings)
        let pin = Pkcs11KeySource.pin(settings, InProcessTokens.secrets(fixture.token))

        let pki = try TokenServer.basePKI.get().withTPPKeys(wac: fixture.rsa, seal: fixture.ec)
        let registry = try PluginRegistrar.build(plugins: pluginList, configuration: ConfigurationValues(), logger: Logger(label: "test"))
        let profile = try #require(registry.bankProfiles[TokenServer.profileId])
        let simulator = try await SimulatedOpenBanking.start(pki: pki, profiles: [profile])
        let caFile = fixture.token.directory.appendingPathComponent("handshake-ca.pem")
        try pki.caCertificatePEM.write(to: caFile, atomically: true, encoding: .utf8)
        try await withAwaitedCleanup {
            let outbound = try AsyncHTTPOutbound(extraTrustRootsPEMFile: caFile.path)
            let identity = TransportIdentity(certificatePEM: pki.obWacCertificatePEM, key: signer)
            let url = simulator.issuerURL(for: TokenServer.profileId) + "/.well-known/openid-configuration"
            // Each request closes its connection, so each one needs a new handshake.
            let request = OutboundRequest(method: "GET", url: url, headers: [("Connection", "close")], identity: identity)
            let signed = try await outbound.send(request)
            #expect(signed.status == 200, "\(signed.text)")

            let held = Mutex(false)
            let release = DispatchSemaphore(value: 0)
            defer { release.signal() }
            let holder = Task {
                try await pool.withSession(pin: pin) { _ throws(Pkcs11Failure) in
                    held.withLock { $0 = true }
                    release.wait()
                }
            }
            while !held.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(20)) }
            let started = ContinuousClock.now
            await #expect {
                _ = try await outbound.send(request)
            } throws: { error in
                guard let error = error as? OBCError else { return false }
                return error.kind == .unavailable && error.detail.contains("could not sign the TLS handshake")
                    && error.detail.contains("label rsa") && error.detail.contains("busy")
            }
            #expect(ContinuousClock.now - started < .seconds(10))
            release.signal()
            try await holder.value
            let again = try await outbound.send(request)
            #expect(again.status == 200)
        } cleanup: {
            await simulator.stop()
        }
    }
}
