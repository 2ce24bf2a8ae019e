import Foundation
import Logging
import OBCCore
import OBCPluginAPI
import OBCTestSupport
import Testing

@testable import KeySourceAWSSSM

/// End to end against a real moto server with signature checking on: moto recomputes each
/// signature with botocore, so a pass here means AWS-compatible signing, and the failures
/// show how moto's (and AWS's) error shapes surface to an operator.
@Suite("AWS SSM through moto")
struct MotoIntegrationTests {
    static let region = "eu-west-2"
    static let parameterName = "/obc/test/signing-key"
    static let parameterValue = "moto-s3cr3t-value"

    /// Six unauthenticated setup calls; every call after them is signature-checked.
    static let setupScript = """
        import json, sys
        import boto3
        endpoint = sys.argv[1]
        common = dict(endpoint_url=endpoint, region_name="\(region)", aws_access_key_id="AKIASETUPSETUPSETUP0", aws_secret_access_key="setup")
        iam = boto3.client("iam", **common)
        ssm = boto3.client("ssm", **common)
        iam.create_user(UserName="obc")                                                         # 1
        iam.put_user_policy(UserName="obc", PolicyName="read-ssm", PolicyDocument=json.dumps({   # 2
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": ["ssm:GetParameter"], "Resource": "*"}]}))
        allowed = iam.create_access_key(UserName="obc")["AccessKey"]                            # 3
        iam.create_user(UserName="nobody")                                                      # 4
        denied = iam.create_access_key(UserName="nobody")["AccessKey"]                          # 5
        ssm.put_parameter(Name="\(parameterName)", Value="\(parameterValue)", Type="SecureString")  # 6
        print(json.dumps({"allowed": [allowed["AccessKeyId"], allowed["SecretAccessKey"]],
                          "denied": [denied["AccessKeyId"], denied["SecretAccessKey"]]}))
        """
    static let setupCalls = 6

    struct Keys: Decodable {
        var allowed: [String]
        var denied: [String]
    }

    static func keySource(endpoint: String, accessKeyId: String, secretAccessKey: String, endpointVariable: String = "AWS_ENDPOINT_URL_SSM") throws
        -> AWSSSMKeySource
    {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return try AWSSSMKeySource(
            configuration: ConfigurationValues(["OpenBankingConnector:AwsSsm:CacheSeconds": "0"]),
            environment: CredentialChainTests.isolatedEnvironment([
                "AWS_ACCESS_KEY_ID": accessKeyId,
                "AWS_SECRET_ACCESS_KEY": secretAccessKey,
                "AWS_REGION": region,
                endpointVariable: endpoint,
            ]),
            logger: logger
        )
    }

    static func failure(_ source: AWSSSMKeySource, _ name: String) async -> KeySourceError? {
        do {
            _ = try await source.secret(named: name)
            return nil
        } catch {
            return error
        }
    }

    @Test("a SecureString resolves; wrong secret, unknown key, missing parameter and missing permission are reported clearly")
    func endToEnd() async throws {
        let moto = try await MotoServer.start(initialNoAuthActionCount: Self.setupCalls)
        try await withAwaitedCleanup {
            try await Self.exercise(moto)
        } cleanup: {
            await moto.stop()
        }
    }

    static func exercise(_ moto: MotoServer) async throws {
        let keys = try JSONDecoder().decode(Keys.self, from: Data(try moto.runSetup(Self.setupScript).utf8))
        let (accessKeyId, secretAccessKey) = (keys.allowed[0], keys.allowed[1])

        // 1. The right keys read the decrypted value (the generic AWS_ENDPOINT_URL works too).
        let good = try Self.keySource(endpoint: moto.endpoint, accessKeyId: accessKeyId, secretAccessKey: secretAccessKey)
        #expect(try await good.secret(named: Self.parameterName).revealed == Self.parameterValue)
        let generic = try Self.keySource(
            endpoint: moto.endpoint,
            accessKeyId: accessKeyId,
            secretAccessKey: secretAccessKey,
            endpointVariable: "AWS_ENDPOINT_URL"
        )
        #expect(try await generic.secret(named: Self.parameterName).revealed == Self.parameterValue)

        // 2. A wrong secret key: moto answers 403 XML SignatureDoesNotMatch.
        let wrongSecret = "wrong-\(secretAccessKey.prefix(8))"
        let wrong = try Self.keySource(endpoint: moto.endpoint, accessKeyId: accessKeyId, secretAccessKey: wrongSecret)
        let signatureError = await Self.failure(wrong, Self.parameterName)
        #expect(signatureError?.reason == .invalidCredentials)
        #expect(signatureError?.message.contains("SignatureDoesNotMatch") == true)
        #expect(signatureError?.message.contains("secret access key") == true)
        #expect(signatureError?.message.contains("probably wrong") == true)
        #expect(signatureError?.message.contains(Self.parameterName) == true)
        #expect(signatureError?.message.contains(wrongSecret) == false)
        #expect(signatureError?.message.contains(Self.parameterValue) == false)

        // 3. A parameter that does not exist: JSON ParameterNotFound.
        let missingError = await Self.failure(good, "/obc/test/does-not-exist")
        #expect(missingError?.reason == .notFound)
        #expect(missingError?.message.contains("ParameterNotFound") == true)
        #expect(missingError?.message.contains("/obc/test/does-not-exist") == true)

        // 4. A valid user without ssm:GetParameter: AccessDenied.
        let denied = try Self.keySource(endpoint: moto.endpoint, accessKeyId: keys.denied[0], secretAccessKey: keys.denied[1])
        let deniedError = await Self.failure(denied, Self.parameterName)
        #expect(deniedError?.reason == .accessDenied)
        #expect(deniedError?.message.contains("AccessDenied") == true)
        #expect(deniedError?.message.contains(Self.parameterName) == true)

        // 5. A key moto has never issued: InvalidClientTokenId.
        let unknown = try Self.keySource(endpoint: moto.endpoint, accessKeyId: "AKIAUNKNOWNUNKNOWN00", secretAccessKey: "x")
        let unknownError = await Self.failure(unknown, Self.parameterName)
        #expect(unknownError?.reason == .invalidCredentials)
        #expect(unknownError?.message.contains("InvalidClientTokenId") == true)
    }
}
