import Foundation
import OBCTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// End to end through the product: `obc serve` as a real process whose Google credentials
/// and Secret Manager endpoint point at the fake Google Cloud (over real TLS, trusted through
/// the shared `OpenBankingConnector:Http:ExtraTrustRoots`), creating records whose keys live
/// in Secret Manager, exactly as an OBC client sends them.
@Suite("Secret Manager-held keys through the Management API")
struct GCPThroughManagementAPITests {
    @Test func encryptionKeyAndOBSealKeyComeFromSecretManager() async throws {
        try await FakeGoogleCloud.run { cloud in
            try await withTemporaryDirectory { directory in
                let seal = TestPKI.keys[1]
                let encryptionKey = TestPKI.encryptionKey()
                cloud.state.put("projects/obc-test/secrets/encryption-key/versions/1", encryptionKey)
                cloud.state.put("projects/obc-test/secrets/obseal-key/versions/4", seal.privateKeyPEM)
                let environment = [
                    "GOOGLE_APPLICATION_CREDENTIALS": try cloud.serviceAccountFile(in: directory),
                    "CLOUDSDK_CONFIG": directory.appendingPathComponent("gcloud").path, "GCE_METADATA_HOST": "127.0.0.1:1",
                    "OpenBankingConnector__GoogleCloudSecretManager__Endpoint": cloud.baseURL,
                    "OpenBankingConnector__Http__ExtraTrustRoots": FakeGoogleCloud.caFile,
                ]
                let serve = ["serve", "--port", "0", "--database", directory.appendingPathComponent("obc.sqlite").path]
                try await CLIProcess.serving(serve, environment: environment) { process, base in
                    let key = try await LiveHTTP.post(
                        "\(base)/manage/encryption-key-descriptions",
                        [
                            "Key": ["Source": "GoogleCloudSecretManagerV1", "Name": "projects/obc-test/secrets/encryption-key/versions/1"],
                            "SetAsCurrentEncryptionKey": true,
                        ])
                    #expect(key.0 == 201, "\(key.1)")
                    let certificate = try await LiveHTTP.post(
                        "\(base)/manage/obseal-certificates",
                        [
                            "AssociatedKeyId": "kid-1",
                            "AssociatedKey": [
                                "Source": "GoogleCloudSecretManagerV1", "Name": "projects/obc-test/secrets/obseal-key/versions/latest",
                            ],
                            "Certificate": try TestPKI.certificatePEM(key: seal),
                        ])
                    #expect(certificate.0 == 201, "\(certificate.1)")
                    let missing = try await LiveHTTP.post(
                        "\(base)/manage/encryption-key-descriptions",
                        ["Key": ["Source": "GoogleCloudSecretManagerV1", "Name": "projects/obc-test/secrets/missing/versions/1"]])
                    #expect(missing.0 == 400)
                    // Missing and unusable get one answer (issue 9); the log keeps Google's reason.
                    #expect(missing.1.contains("does not exist or is not a usable key"), "\(missing.1)")
                    #expect(process.text.contains("NOT_FOUND"))
                    #expect(missing.1.contains("projects/obc-test/secrets/missing/versions/1"))
                    let short = try await LiveHTTP.post(
                        "\(base)/manage/encryption-key-descriptions", ["Key": ["Source": "GoogleCloudSecretManagerV1", "Name": "encryption-key"]])
                    #expect(short.0 == 400)
                    #expect(short.1.contains("projects/{project}/secrets/{secret}/versions/{version}"), "\(short.1)")
                    // One token for every read; the values never leave the server.
                    #expect(cloud.state.with { $0.tokenRequests } == 1)
                    for text in [key.1, certificate.1, missing.1, short.1, process.text] {
                        #expect(!text.contains(encryptionKey))
                        #expect(!text.contains("PRIVATE KEY"))
                        for token in cloud.state.allTokens { #expect(!text.contains(token)) }
                    }
                }
            }
        }
    }
}
