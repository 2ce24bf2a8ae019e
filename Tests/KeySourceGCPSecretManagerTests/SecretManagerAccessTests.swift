import Foundation
import OBCCore
import OBCPluginAPI
import Testing

@testable import KeySourceGCPSecretManager

/// Reading secrets through a real HTTPS exchange with the fake Google Cloud, with a
/// service-account key: values, caching, retries, and every error the issue lists.
@Suite("Google Cloud Secret Manager: access")
struct SecretManagerAccessTests {
    static let name = "projects/obc-test/secrets/obseal-key/versions/1"

    @Test func readsAVersionAndLatestWithAServiceAccountKey() async throws {
        try await FakeGoogleCloud.run { cloud in
            try await withTemporaryDirectory { directory in
                cloud.state.put(Self.name, "first value")
                cloud.state.put("projects/obc-test/secrets/obseal-key/versions/2", "second value ✓")
                let keyFile = try cloud.serviceAccountFile(in: directory)
                let source = try cloud.keySource(environment: ["GOOGLE_APPLICATION_CREDENTIALS": keyFile])
                #expect(try await source.secret(named: Self.name).revealed == "first value")
                #expect(try await source.secret(named: "projects/obc-test/secrets/obseal-key/versions/latest").revealed == "second value ✓")
                // The server checked the assertion's signature, iss, aud, scope, iat and exp.
                let claims = cloud.state.with { $0.lastClaims }
                #expect(claims["aud"] == cloud.tokenURI)
                #expect(claims["iss"] == FakeGoogleCloud.serviceAccountEmail)
                // One token served both reads.
                #expect(cloud.state.with { $0.tokenRequests } == 1)
            }
        }
    }

    @Test func cachesValuesForTheConfiguredTime() async throws {
        try await FakeGoogleCloud.run { cloud in
            try await withTemporaryDirectory { directory in
                cloud.state.put(Self.name, "cached value")
                let environment = ["GOOGLE_APPLICATION_CREDENTIALS": try cloud.serviceAccountFile(in: directory)]
                let cached = try cloud.keySource(environment: environment)
                _ = try await cached.secret(named: Self.name)
                _ = try await cached.secret(named: Self.name)
                #expect(cloud.state.with { $0.accessRequests } == 1)
                await cached.clearCache()
                _ = try await cached.secret(named: Self.name)
                #expect(cloud.state.with { $0.accessRequests } == 2)
                let uncached = try cloud.keySource(environment: environment, configuration: [GCPSecretManagerSettings.cacheSecondsKey: "0"])
                _ = try await uncached.secret(named: Self.name)
                _ = try await uncached.secret(named: Self.name)
                #expect(cloud.state.with { $0.accessRequests } == 4)
            }
        }
    }

    @Test func retriesUnavailableAnswers() async throws {
        try await FakeGoogleCloud.run { cloud in
            try await withTemporaryDirectory { directory in
                cloud.state.put(Self.name, "after retries")
                cloud.state.with { $0.unavailableAnswers = 2 }
                let client = try cloud.client(environment: ["GOOGLE_APPLICATION_CREDENTIALS": try cloud.serviceAccountFile(in: directory)])
                #expect(try await client.access(name: Self.name).revealed == "after retries")
                #expect(cloud.state.with { $0.accessRequests } == 3)
                cloud.state.with { $0.unavailableAnswers = 5 }
                let error = await Self.failure(client, Self.name)
                #expect(error?.reason == .unavailable)
                #expect(error?.message.contains("UNAVAILABLE") == true)
                #expect(error?.message.contains(Self.name) == true)
            }
        }
    }

    @Test func eachGoogleErrorIsNamedWithTheSecretAndNeverAValue() async throws {
        try await FakeGoogleCloud.run { cloud in
            try await withTemporaryDirectory { directory in
                let value = "never-shown-\(UUID().uuidString)"
                cloud.state.put("projects/obc-test/secrets/disabled/versions/1", value, state: "DISABLED")
                cloud.state.put("projects/obc-test/secrets/destroyed/versions/3", value, state: "DESTROYED")
                cloud.state.put("projects/obc-test/secrets/secret-of-others/versions/1", value)
                cloud.state.put("projects/obc-test/secrets/damaged/versions/1", value, corruptChecksum: true)
                cloud.state.with { $0.denied = ["projects/obc-test/secrets/secret-of-others"] }
                let client = try cloud.client(environment: ["GOOGLE_APPLICATION_CREDENTIALS": try cloud.serviceAccountFile(in: directory)])
                let cases: [(String, GCPError.Reason, [String])] = [
                    ("projects/obc-test/secrets/missing/versions/1", .notFound, ["was not found", "NOT_FOUND"]),
                    ("projects/obc-test/secrets/disabled/versions/1", .notFound, ["the version is disabled", "FAILED_PRECONDITION"]),
                    ("projects/obc-test/secrets/destroyed/versions/latest", .notFound, ["the version is destroyed", "FAILED_PRECONDITION"]),
                    (
                        "projects/obc-test/secrets/secret-of-others/versions/1", .accessDenied,
                        ["PERMISSION_DENIED", FakeGoogleCloud.serviceAccountEmail, "secretAccessor"]
                    ),
                    ("projects/obc-test/secrets/damaged/versions/1", .unavailable, ["CRC32C"]),
                    ("obseal-key", .notFound, ["projects/{project}/secrets/{secret}/versions/{version}"]),
                ]
                for (name, reason, phrases) in cases {
                    let error = await Self.failure(client, name)
                    #expect(error?.reason == reason, "\(name): \(error?.message ?? "no error")")
                    for phrase in phrases + [name] {
                        #expect(error?.message.contains(phrase) == true, "\(name): \(error?.message ?? "no error") lacks \(phrase)")
                    }
                    for secret in [value] + cloud.state.allTokens {
                        #expect(error?.message.contains(secret) == false)
                    }
                }
            }
        }
    }

    @Test func aRefusedConnectionFailsAtOnceAndASlowServerTimesOut() async throws {
        try await FakeGoogleCloud.run { cloud in
            try await withTemporaryDirectory { directory in
                cloud.state.put(Self.name, "slow")
                let environment = ["GOOGLE_APPLICATION_CREDENTIALS": try cloud.serviceAccountFile(in: directory)]
                // Nothing listens on port 1. With the shared 60 s deadline, a client that kept
                // retrying the connection would end in a timeout; this one reports the refusal.
                let refused = try cloud.client(
                    environment: environment,
                    configuration: [GCPSecretManagerSettings.endpointKey: "https://127.0.0.1:1", GCPSecretManagerSettings.sharedTimeoutKey: "60"])
                // The first call also fetches the OAuth token (signing and TLS to the token
                // endpoint); the second measures the refused connection alone.
                var unreachable = await Self.failure(refused, Self.name)
                let elapsed = await ContinuousClock().measure { unreachable = await Self.failure(refused, Self.name) }
                // A client that retried the connection would take until the 60 s deadline (it
                // does, with AsyncHTTPClient's default); this one reports the refusal at once.
                #expect(elapsed < .seconds(2), "a refused connection took \(elapsed)")
                #expect(unreachable?.reason == .unavailable, "\(unreachable?.message ?? "")")
                #expect(unreachable?.message.contains("could not be reached") == true)
                #expect(unreachable?.message.contains("https://127.0.0.1:1") == true)
                #expect(unreachable?.message.contains(Self.name) == true)

                cloud.state.with { $0.accessDelay = .seconds(3) }
                let impatient = try cloud.client(environment: environment, configuration: [GCPSecretManagerSettings.sharedTimeoutKey: "0.5"])
                let slow = await Self.failure(impatient, Self.name)
                #expect(slow?.reason == .timeout)
                #expect(slow?.message.contains("did not answer within 0.5 s") == true)
                #expect(slow?.message.contains(Self.name) == true)
            }
        }
    }

    @Test func anUntrustedServerCertificateIsRefused() async throws {
        try await FakeGoogleCloud.run { cloud in
            try await withTemporaryDirectory { directory in
                cloud.state.put(Self.name, "value")
                let settings = try GCPSecretManagerSettings(configuration: ConfigurationValues([GCPSecretManagerSettings.endpointKey: cloud.baseURL]))
                let client = settings.makeClient(environment: ["GOOGLE_APPLICATION_CREDENTIALS": try cloud.serviceAccountFile(in: directory)])
                let error = await Self.failure(client, Self.name)
                #expect(error?.reason == .unavailable)
                #expect(cloud.state.with { $0.tokenRequests } == 0)
            }
        }
    }

    @Test func settingsMistakesAreRefusedAtStartUpNamingTheKey() {
        let cases = [
            [GCPSecretManagerSettings.cacheSecondsKey: "soon"], [GCPSecretManagerSettings.endpointKey: "http://secretmanager.example.com"],
            [GCPSecretManagerSettings.tokenUriKey: "not a url"], [GCPSecretManagerSettings.sharedTimeoutKey: "-1"],
            [GCPSecretManagerSettings.sharedTrustRootsKey: "/nonexistent/ca.pem"],
        ]
        for values in cases {
            let error = #expect(throws: OBCError.self) { try GCPSecretManagerSettings(configuration: ConfigurationValues(values)) }
            #expect(error?.detail.contains(values.keys.first!) == true, "\(error?.detail ?? "no error")")
        }
    }

    static func failure(_ client: SecretManagerClient, _ name: String) async -> GCPError? {
        do {
            _ = try await client.access(name: name)
            return nil
        } catch {
            return error
        }
    }
}
