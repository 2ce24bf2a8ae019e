import AsyncHTTPClient
import Foundation
import HummingbirdTesting
import NIOSSL
import OBCApp
import OBCPluginAPI
import OBCTestSupport
import Testing

@Suite("Mutual TLS on the management listener")
struct MutualTLSListenerTests {
    /// With a client CA, only clients presenting a certificate from it get an answer; that
    /// also satisfies the rule for a non-loopback address.
    @Test func onlyClientsWithACertificateFromTheCAGetIn() async throws {
        let pki = try SharedPKI.value()
        let fixture = try ManagementFixture()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("obc-mtls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = ["ca.pem": pki.caCertificatePEM, "server.pem": pki.serverCertificatePEM, "server-key.pem": pki.serverKeyPEM]
        for (name, text) in files { try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        var environment = fixture.environment
        environment["OpenBankingConnector__Security__Tls__CertificateFile"] = directory.appendingPathComponent("server.pem").path
        environment["OpenBankingConnector__Security__Tls__KeyFile"] = directory.appendingPathComponent("server-key.pem").path
        environment["OpenBankingConnector__Security__Tls__ClientCaFile"] = directory.appendingPathComponent("ca.pem").path
        let runtime = try TestRuntime(environment: environment, directory: directory)
        let settings = try AppSettings(
            flags: [AppSettings.databasePathKey: runtime.databasePath, AppSettings.hostKey: "0.0.0.0"], environment: environment)
        let app = try await buildApplication(runtime: OBCRuntime(settings: settings, logger: runtime.logs.logger()), port: 0)
        #expect(runtime.logs.text.contains(#""listener": mutual_tls"#), "the start-up line: \(runtime.logs.text)")
        try await app.test(.ahc(.https)) { client in
            let port = try #require(client.port)
            await #expect(throws: (any Error).self, "no client certificate") {
                try await client.execute(uri: "/health/live", method: .get) { _ in }
            }
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .none
            tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(Array(pki.obWacCertificatePEM.utf8)).map { .certificate($0) }
            tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(pki.obWacKeyPEM.utf8), format: .pem))
            let httpClient = HTTPClient(configuration: .init(tlsConfiguration: tls))
            do {
                let response = try await httpClient.execute(HTTPClientRequest(url: "https://127.0.0.1:\(port)/health/live"), timeout: .seconds(10))
                #expect(response.status == .ok)
            } catch {
                Issue.record("a client with a certificate from the CA was refused: \(error)")
            }
            try await httpClient.shutdown()
        }
    }

    /// TLS without client certificates authenticates no one: on 0.0.0.0 with no API keys it is
    /// refused (it used to count as mutual TLS), and the start-up line says `tls`.
    @Test func tlsWithoutClientCertificatesIsNotAuthentication() async throws {
        let pki = try SharedPKI.value()
        let fixture = try ManagementFixture()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("obc-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = ["server.pem": pki.serverCertificatePEM, "server-key.pem": pki.serverKeyPEM]
        for (name, text) in files { try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        var environment = fixture.environment
        environment["OpenBankingConnector__Security__Tls__CertificateFile"] = directory.appendingPathComponent("server.pem").path
        environment["OpenBankingConnector__Security__Tls__KeyFile"] = directory.appendingPathComponent("server-key.pem").path
        let runtime = try TestRuntime(environment: environment, directory: directory)
        let open = try AppSettings(
            flags: [AppSettings.databasePathKey: runtime.databasePath, AppSettings.hostKey: "0.0.0.0"], environment: environment)
        await #expect(throws: OBCError.self, "no API keys, no client certificates, not loopback") {
            _ = try await buildApplication(runtime: OBCRuntime(settings: open, logger: runtime.logs.logger()), port: 0)
        }
        let loopback = try AppSettings(flags: [AppSettings.databasePathKey: runtime.databasePath], environment: environment)
        _ = try await buildApplication(runtime: OBCRuntime(settings: loopback, logger: runtime.logs.logger()), port: 0)
        #expect(runtime.logs.text.contains(#""listener": tls"#), "the start-up line: \(runtime.logs.text)")
    }
}
