import Foundation
import HTTPTypes
import OBCCore
import OBCPluginAPI
import OBCSimulator
import OBCTestSupport
import Synchronization
import Testing

@testable import KeySourcePkcs11

/// A token whose sessions are all busy: a request needing the key waits the configured time,
/// then gets a 503 problem naming the key (and the server logs it) instead of hanging; once a
/// session is free again the same request succeeds.
@Suite("A PKCS#11 token out of sessions", .enabled(if: SoftHSMToken.runs, SoftHSMToken.missing))
struct SessionExhaustionTests {
    /// Holds one session of `pool` (on the pool's own blocking thread) until `release` is signalled.
    final class HeldSession: Sendable {
        let held = Mutex(false)
        let release = DispatchSemaphore(value: 0)
    }

    @Test func busySessionsGiveA503NamingTheKeyAndThenRecover() async throws {
        let fixture = try InProcessTokens.token("exhaustion")
        let token = fixture.token
        let settings = token.settings().merging([
            "OpenBankingConnector__Pkcs11__MaxSessions": "1", "OpenBankingConnector__Pkcs11__SessionWaitMilliseconds": "300",
            // The test holds the session for as long as it needs (a slow machine must not end the hold).
            "OpenBankingConnector__Pkcs11__OperationTimeoutMilliseconds": "120000",
        ]) { _, new in new }
        // The server's key source and this one read the same settings, so they share the
        // process's one pool of sessions with the token.
        let pool = try Pkcs11KeySource.pool(for: try Pkcs11Settings(configuration: ConfigurationValues.environment(settings)))
        let pin = Pkcs11KeySource.pin(try Pkcs11Settings(configuration: ConfigurationValues.environment(settings)), InProcessTokens.secrets(token))
        let hold = HeldSession()
        defer { hold.release.signal() }
        let holder = Task {
            try await pool.withSession(pin: pin) { _ throws(Pkcs11Failure) in
                hold.held.withLock { $0 = true }
                hold.release.wait()
            }
        }
        while !hold.held.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(20)) }

        let pki = try TokenServer.basePKI.get().withTPPKeys(wac: fixture.rsa, seal: fixture.ec)
        let record: [String: any Sendable] = ["AssociatedKey": ["Source": "Pkcs11", "Name": "rsa"], "Certificate": pki.obWacCertificatePEM]
        let runtime = try TestRuntime(environment: settings)
        defer { runtime.removeFiles() }
        try await runtime.withServer { client in
            // Timed without the response check (the OpenAPI peer's first start is slow); the wait is 300 ms.
            let json = String(decoding: try JSONSerialization.data(withJSONObject: record), as: UTF8.self)
            let started = ContinuousClock.now
            let busy = try await client.send(.post, "/manage/obwac-certificates", headers: [.contentType: "application/json"], body: json)
            #expect(ContinuousClock.now - started < .seconds(5))
            #expect(busy.status.code == 503, "\(busy.text)")
            #expect(busy.contentType == "application/problem+json")
            #expect(busy.text.contains("label rsa") && busy.text.contains("busy"), "\(busy.text)")
            // The same answer again, checked against the served OpenAPI document.
            let documented = try await client.send(.post, "/manage/obwac-certificates", json: record, checkOBCDocument: false)
            #expect(documented.status.code == 503 && documented.headers[.retryAfter] != nil, "\(documented.text)")

            hold.release.signal()
            try await holder.value
            let created = try await client.send(.post, "/manage/obwac-certificates", json: record, checkOBCDocument: false)
            #expect(created.status.code == 201, "\(created.text)")
        }
        #expect(runtime.logs.text.contains("PKCS#11 key unusable"), "\(runtime.logs.text)")
        #expect(runtime.logs.text.contains("label rsa"))
        #expect(!runtime.logs.text.contains(token.pin))
    }
}
