import Foundation
import OBCTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// End to end through the product: `obc serve` as a real process whose AWS credentials and
/// endpoint point at moto, creating records whose keys live in SSM Parameter Store.
@Suite("SSM-held keys through the Management API")
struct SSMThroughManagementAPITests {
    static func setupScript(encryptionKey: String, sealKey: String) -> String {
        """
        import json, sys
        import boto3
        endpoint = sys.argv[1]
        common = dict(endpoint_url=endpoint, region_name="eu-west-2", aws_access_key_id="AKIASETUPSETUPSETUP0", aws_secret_access_key="setup")
        iam = boto3.client("iam", **common)
        ssm = boto3.client("ssm", **common)
        iam.create_user(UserName="obc")
        iam.put_user_policy(UserName="obc", PolicyName="read-ssm", PolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ssm:GetParameter"], "Resource": "*"}]}))
        key = iam.create_access_key(UserName="obc")["AccessKey"]
        ssm.put_parameter(Name="/obc/encryption-key", Value="\(encryptionKey)", Type="SecureString")
        ssm.put_parameter(Name="/obc/obseal-key", Value=\(String(reflecting: sealKey)), Type="SecureString")
        print(json.dumps([key["AccessKeyId"], key["SecretAccessKey"]]))
        """
    }

    @Test func encryptionKeyAndOBSealKeyComeFromSSM() async throws {
        let moto = try await MotoServer.start(initialNoAuthActionCount: 6)
        let seal = TestPKI.keys[1]
        let encryptionKey = TestPKI.encryptionKey()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("obc-ssm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withAwaitedCleanup {
            let output = try moto.runSetup(Self.setupScript(encryptionKey: encryptionKey, sealKey: seal.privateKeyPEM))
            let credentials = try JSONDecoder().decode([String].self, from: Data(output.utf8))
            let environment = [
                "AWS_ACCESS_KEY_ID": credentials[0], "AWS_SECRET_ACCESS_KEY": credentials[1], "AWS_REGION": "eu-west-2",
                "AWS_ENDPOINT_URL_SSM": moto.endpoint, "AWS_PROFILE": "none", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
                "AWS_CONFIG_FILE": "/nonexistent",
            ]
            let serve = ["serve", "--port", "0", "--database", directory.appendingPathComponent("obc.sqlite").path]
            try await CLIProcess.serving(serve, environment: environment) { process, base in

                let key = try await LiveHTTP.post(
                    "\(base)/manage/encryption-key-descriptions",
                    ["Key": ["Source": "AwsSsmParameterStore", "Name": "/obc/encryption-key"], "SetAsCurrentEncryptionKey": true])
                #expect(key.0 == 201, "\(key.1)")
                let certificate = try await LiveHTTP.post(
                    "\(base)/manage/obseal-certificates",
                    [
                        "AssociatedKeyId": "kid-1", "AssociatedKey": ["Source": "AwsSsmParameterStore", "Name": "/obc/obseal-key"],
                        "Certificate": try TestPKI.certificatePEM(key: seal),
                    ])
                #expect(certificate.0 == 201, "\(certificate.1)")
                let missing = try await LiveHTTP.post(
                    "\(base)/manage/encryption-key-descriptions", ["Key": ["Source": "AwsSsmParameterStore", "Name": "/obc/missing"]])
                #expect(missing.0 == 400)
                #expect(missing.1.contains("does not exist or is not a usable key"), "\(missing.1)")
                #expect(process.text.contains("ParameterNotFound") || process.text.contains("not found"))
                #expect(missing.1.contains("/obc/missing"))
                for text in [key.1, certificate.1, missing.1, process.text] {
                    #expect(!text.contains(encryptionKey))
                    #expect(!text.contains(credentials[1]))
                }
            }
        } cleanup: {
            await moto.stop()
        }
    }
}
