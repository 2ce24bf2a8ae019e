import Foundation
import Hummingbird
import HummingbirdTLS
import Logging
import NIOSSL
import OBCSimulator
import OBCTestSupport
import _CryptoExtras

/// A stand-in for Google Cloud, since Secret Manager has no emulator: one HTTPS server (a real
/// TLS certificate from a test CA) speaking the OAuth token endpoint and Secret Manager's
/// `:access` REST call as Google documents them, and one plain-HTTP metadata server. It checks
/// what Google checks: the RS256 signature of a JWT-bearer assertion against the service
/// account's public key, its `iss`, `aud`, `scope`, `iat` and `exp`, refresh-token grants,
/// bearer tokens, permissions and version states, and answers with Google's error shapes.
struct FakeGoogleCloud: Sendable {
    let state: FakeGoogleState
    /// `https://127.0.0.1:<port>`: both the API and the token endpoint (`/token`).
    let baseURL: String
    /// `127.0.0.1:<port>` of the metadata server, for `GCE_METADATA_HOST`.
    let metadataHost: String
    var tokenURI: String { baseURL + "/token" }

    static let projectNumber = "1234567890"
    static let serviceAccountEmail = "obc-reader@obc-test.iam.gserviceaccount.com"
    static let serviceAccountKeyId = "4d9f2c7a1b6e"
    static let serviceAccountKeyPEM = TestPKI.keys[2].privateKeyPEM
    static let userClientId = "764086051850-test.apps.googleusercontent.com"
    static let userClientSecret = "d-FL95Q19q7MQmFpd7hHD0Ty"
    static let userRefreshToken = "1//0test-refresh-token"

    /// The test CA and the server's certificate (SAN 127.0.0.1), made once per test process.
    static let pki: SimulatorPKI = try! SimulatorPKI.generate()

    /// The CA certificate as a PEM file, for `OpenBankingConnector:Http:ExtraTrustRoots`.
    static let caFile: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("obc-gcp-ca-\(UUID().uuidString).pem").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(pki.caCertificatePEM.utf8))
        return path
    }()

    static var serviceAccountPublicKey: _RSA.Signing.PublicKey {
        try! _RSA.Signing.PrivateKey(pemRepresentation: serviceAccountKeyPEM).publicKey
    }

    /// Runs both servers for the duration of `body` and stops them, awaited, afterwards.
    static func run<T: Sendable>(_ body: @Sendable (FakeGoogleCloud) async throws -> T) async throws -> T {
        let state = FakeGoogleState()
        let (ports, continuation) = AsyncStream.makeStream(of: (String, Int).self)
        var logger = Logger(label: "FakeGoogleCloud")
        logger.logLevel = .critical
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(pki.serverCertificatePEM.utf8)).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(pki.serverKeyPEM.utf8), format: .pem))
        )
        tls.minimumTLSVersion = .tlsv12
        let api = Application(
            router: FakeGoogleRoutes(state: state).apiRouter(),
            server: try .tls(.http1(), tlsConfiguration: tls),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield(("api", $0.localAddress?.port ?? 0)) },
            logger: logger
        )
        let metadata = Application(
            router: FakeGoogleRoutes(state: state).metadataRouter(),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield(("metadata", $0.localAddress?.port ?? 0)) },
            logger: logger
        )
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await api.runService(gracefulShutdownSignals: [])
                return nil
            }
            group.addTask {
                try await metadata.runService(gracefulShutdownSignals: [])
                return nil
            }
            var found: [String: Int] = [:]
            for await (name, port) in ports {
                found[name] = port
                if found.count == 2 { break }
            }
            continuation.finish()
            guard let apiPort = found["api"], let metadataPort = found["metadata"], apiPort > 0, metadataPort > 0 else {
                throw FixtureError(message: "the fake Google Cloud did not start")
            }
            let cloud = FakeGoogleCloud(state: state, baseURL: "https://127.0.0.1:\(apiPort)", metadataHost: "127.0.0.1:\(metadataPort)")
            let result: Result<T, any Error>
            do {
                result = .success(try await body(cloud))
            } catch {
                result = .failure(error)
            }
            group.cancelAll()
            while let _ = try? await group.next() {}
            return try result.get()
        }
    }

    /// Writes a service-account key file (as the IAM console downloads it) and returns its path.
    func serviceAccountFile(in directory: URL, privateKeyPEM: String = serviceAccountKeyPEM, tokenURI: String? = nil) throws -> String {
        try Self.writeJSON(
            [
                "type": "service_account", "project_id": "obc-test", "private_key_id": Self.serviceAccountKeyId,
                "private_key": privateKeyPEM, "client_email": Self.serviceAccountEmail, "client_id": "1000000000001",
                "token_uri": tokenURI ?? self.tokenURI,
            ], to: directory.appendingPathComponent("service-account.json"))
    }

    /// Writes `application_default_credentials.json` for an authorized user into `directory`.
    func authorizedUserFile(in directory: URL, refreshToken: String = userRefreshToken) throws -> String {
        try Self.writeJSON(
            ["type": "authorized_user", "client_id": Self.userClientId, "client_secret": Self.userClientSecret, "refresh_token": refreshToken],
            to: directory.appendingPathComponent("application_default_credentials.json"))
    }

    static func writeJSON(_ object: [String: String], to url: URL) throws -> String {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try JSONSerialization.data(withJSONObject: object).write(to: url)
        return url.path
    }
}
