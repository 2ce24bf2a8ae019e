import Foundation
import OBCSimulator
import OBCTestSupport
import Testing
import _CryptoExtras

@testable import KeySourceGCPSecretManager

/// Google's credential order and token handling, each against the fake's token endpoint or
/// metadata server: service-account assertions, authorized-user refresh tokens, the metadata
/// server, token caching and refresh, and bad credentials.
@Suite("Google Cloud Secret Manager: credentials")
struct CredentialChainTests {
    static let name = "projects/obc-test/secrets/encryption-key/versions/latest"

    @Test func tokensAreCachedUntilShortlyBeforeTheyExpire() async throws {
        try await FakeGoogleCloud.run { cloud in
            try await withTemporaryDirectory { directory in
                cloud.state.put("projects/obc-test/secrets/encryption-key/versions/1", "key")
                cloud.state.with { $0.tokenLifetime = 400 }
                let clock = TestClock()
                let client = try cloud.client(
                    environment: ["GOOGLE_APPLICATION_CREDENTIALS": try cloud.serviceAccountFile(in: directory)], refreshMargin: 300,
                    now: { clock.now })
                _ = try await client.access(name: Self.name)
                _ = try await client.access(name: Self.name)
                #expect(cloud.state.with { $0.tokenRequests } == 1)
                // 150 s on, the 400 s token is within the 300 s margin of its expiry: a new one is fetched.
                clock.advance(by: 150)
                _ = try await client.access(name: Self.name)
                _ = try await client.access(name: Self.name)
                #expect(cloud.state.with { $0.tokenRequests } == 2)
                #expect(cloud.state.with { $0.accessRequests } == 4)
            }
        }
    }

    @Test func aTokenTheAPIRejectsIsReplacedOnce() async throws {
        try await FakeGoogleCloud.run { cloud in
            try await withTemporaryDirectory { directory in
                cloud.state.put("projects/obc-test/secrets/encryption-key/versions/1", "key")
                let client = try cloud.client(environment: ["GOOGLE_APPLICATION_CREDENTIALS": try cloud.serviceAccountFile(in: directory)])
                _ = try await client.access(name: Self.name)
                let first = cloud.state.allTokens
                cloud.state.revokeAllTokens()
                #expect(try await client.access(name: Self.name).revealed == "key")
                #expect(cloud.state.with { $0.tokenRequests } == 2)
                #expect(cloud.state.allTokens != first)
                // Tokens that die at once (lifetime 0) end in UNAUTHENTICATED after one replacement.
                cloud.state.with { $0.tokenLifetime = 0 }
                cloud.state.revokeAllTokens()
                let error = await SecretManagerAccessTests.failure(client, Self.name)
                #expect(error?.reason == .invalidCredentials)
                #expect(error?.message.contains("UNAUTHENTICATED") == true)
                #expect(error?.message.contains(FakeGoogleCloud.serviceAccountEmail) == true)
            }
        }
    }

    @Test func aKeyGoogleDoesNotKnowIsBadCredentials() async throws {
        try await FakeGoogleCloud.run { cloud in
            try await withTemporaryDirectory { directory in
                let otherKey = try _RSA.Signing.PrivateKey(keySize: .bits2048).pkcs8PEMRepresentation
                let keyFile = try cloud.serviceAccountFile(in: directory, privateKeyPEM: otherKey)
                let error = await SecretManagerAccessTests.failure(
                    try cloud.client(environment: ["GOOGLE_APPLICATION_CREDENTIALS": keyFile]), Self.name)
                #expect(error?.reason == .invalidCredentials)
                #expect(cloud.state.with { $0.refusals } == ["Invalid JWT Signature."])
                for phrase in ["invalid_grant", "Invalid JWT Signature", keyFile, FakeGoogleCloud.serviceAccountEmail, Self.name] {
                    #expect(error?.message.contains(phrase) == true, "\(error?.message ?? "") lacks \(phrase)")
                }
                #expect(error?.message.contains("PRIVATE KEY") == false)

                let notJSON = directory.appendingPathComponent("broken.json")
                try Data("{not json".utf8).write(to: notJSON)
                let broken = await SecretManagerAccessTests.failure(
                    try cloud.client(environment: ["GOOGLE_APPLICATION_CREDENTIALS": notJSON.path]), Self.name)
                #expect(broken?.reason == .invalidCredentials)
                #expect(broken?.message.contains("GOOGLE_APPLICATION_CREDENTIALS \(notJSON.path) is not a Google credentials JSON file") == true)
            }
        }
    }

    @Test func theTokenURIOverrideReplacesTheKeyFiles() async throws {
        try await FakeGoogleCloud.run { cloud in
            try await withTemporaryDirectory { directory in
                cloud.state.put("projects/obc-test/secrets/encryption-key/versions/1", "key")
                let keyFile = try cloud.serviceAccountFile(in: directory, tokenURI: "https://oauth2.googleapis.invalid/token")
                let client = try cloud.client(
                    environment: ["GOOGLE_APPLICATION_CREDENTIALS": keyFile], configuration: [GCPSecretManagerSettings.tokenUriKey: cloud.tokenURI])
                #expect(try await client.access(name: Self.name).revealed == "key")
                #expect(cloud.state.with { $0.lastClaims["aud"] } == cloud.tokenURI)
            }
        }
    }

    @Test func applicationDefaultCredentialsOfAnAuthorizedUser() async throws {
        try await FakeGoogleCloud.run { cloud in
            try await withTemporaryDirectory { directory in
                cloud.state.put("projects/obc-test/secrets/encryption-key/versions/1", "user's key")
                let gcloud = directory.appendingPathComponent("gcloud")
                _ = try cloud.authorizedUserFile(in: gcloud)
                // CLOUDSDK_CONFIG names gcloud's folder; the metadata server must not be asked.
                let environment = ["CLOUDSDK_CONFIG": gcloud.path, "GCE_METADATA_HOST": cloud.metadataHost]
                let client = try cloud.client(environment: environment, configuration: [GCPSecretManagerSettings.tokenUriKey: cloud.tokenURI])
                #expect(try await client.access(name: Self.name).revealed == "user's key")
                #expect(cloud.state.with { $0.metadataRequests } == 0)
                // The same file under HOME's ~/.config/gcloud.
                let home = directory.appendingPathComponent("home")
                _ = try cloud.authorizedUserFile(in: home.appendingPathComponent(".config/gcloud"), refreshToken: "1//revoked")
                let revoked = await SecretManagerAccessTests.failure(
                    try cloud.client(environment: ["HOME": home.path], configuration: [GCPSecretManagerSettings.tokenUriKey: cloud.tokenURI]),
                    Self.name)
                #expect(revoked?.reason == .invalidCredentials)
                for phrase in ["authorized-user credentials", "application_default_credentials.json", "invalid_grant", "expired or revoked"] {
                    #expect(revoked?.message.contains(phrase) == true, "\(revoked?.message ?? "") lacks \(phrase)")
                }
                #expect(revoked?.message.contains("1//revoked") == false)
                #expect(revoked?.message.contains(FakeGoogleCloud.userClientSecret) == false)
            }
        }
    }

    @Test func theMetadataServerWhenNoFileIsConfigured() async throws {
        try await FakeGoogleCloud.run { cloud in
            try await withTemporaryDirectory { directory in
                cloud.state.put("projects/obc-test/secrets/encryption-key/versions/1", "workload key")
                let client = try cloud.client(environment: ["HOME": directory.path, "GCE_METADATA_HOST": cloud.metadataHost])
                #expect(try await client.access(name: Self.name).revealed == "workload key")
                _ = try await client.access(name: Self.name)
                #expect(cloud.state.with { $0.metadataRequests } == 1)
                #expect(cloud.state.with { $0.tokenRequests } == 0)
            }
        }
    }

    @Test func noCredentialsAnywhereSaysWhatWasTried() async throws {
        try await FakeGoogleCloud.run { cloud in
            try await withTemporaryDirectory { directory in
                let client = try cloud.client(environment: ["HOME": directory.path, "GCE_METADATA_HOST": "127.0.0.1:1"])
                let error = await SecretManagerAccessTests.failure(client, Self.name)
                #expect(error?.reason == .invalidCredentials)
                for phrase in [
                    "no Google credentials were found", "GOOGLE_APPLICATION_CREDENTIALS", "application_default_credentials.json",
                    "metadata server", Self.name,
                ] {
                    #expect(error?.message.contains(phrase) == true, "\(error?.message ?? "") lacks \(phrase)")
                }
            }
        }
    }
}
