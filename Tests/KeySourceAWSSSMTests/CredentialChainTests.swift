import Foundation
import HTTPTypes
import Hummingbird
import OBCTestSupport
import Synchronization
import Testing

@testable import KeySourceAWSSSM

/// The credential chain: environment, shared files, the ECS endpoint and IMDSv2, each fed
/// through an injected environment so nothing on this machine leaks in.
@Suite("AWS credential chain")
struct CredentialChainTests {
    /// An environment in which nothing is configured and IMDS is off, so each test adds
    /// exactly what it tests. HOME points at an empty folder so `~/.aws` is not read.
    static func isolatedEnvironment(_ extra: [String: String] = [:], home: String? = nil) -> [String: String] {
        var environment = [
            "HOME": home ?? FileManager.default.temporaryDirectory.appendingPathComponent("obc-no-home-\(UUID().uuidString)").path,
            "AWS_EC2_METADATA_DISABLED": "true",
        ]
        environment.merge(extra) { _, new in new }
        return environment
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("obc-aws-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("environment variables come first")
    func environment() async throws {
        let chain = AWSCredentialChain(
            environment: Self.isolatedEnvironment([
                "AWS_ACCESS_KEY_ID": "AKIAENVIRONMENT", "AWS_SECRET_ACCESS_KEY": "env-secret", "AWS_SESSION_TOKEN": "env-token",
            ])
        )
        let credentials = try await chain.credentials()
        #expect(credentials.accessKeyId == "AKIAENVIRONMENT")
        #expect(credentials.secretAccessKey == "env-secret")
        #expect(credentials.sessionToken == "env-token")
        #expect(credentials.origin == "environment variables")
        #expect(!"\(credentials)".contains("env-secret"))
        #expect(!String(reflecting: credentials).contains("env-secret"))
    }

    @Test("half a key pair in the environment is an error, not a fall-through")
    func partialEnvironment() async {
        let chain = AWSCredentialChain(environment: Self.isolatedEnvironment(["AWS_ACCESS_KEY_ID": "AKIAONLY"]))
        await #expect(throws: AWSError.self) { try await chain.credentials() }
        do {
            _ = try await chain.credentials()
        } catch {
            #expect(error.reason == .invalidCredentials)
            #expect(error.message.contains("AWS_SECRET_ACCESS_KEY is not"))
        }
    }

    @Test("profile from AWS_PROFILE in the shared credentials file, region from the config file")
    func profileFiles() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let credentialsFile = directory.appendingPathComponent("credentials")
        let configFile = directory.appendingPathComponent("config")
        try """
        [default]
        aws_access_key_id = AKIADEFAULT
        aws_secret_access_key = default-secret

        # the profile the test picks
        [work]
        aws_access_key_id=AKIAWORK
        aws_secret_access_key = work-secret
        aws_session_token = work-token
        """.write(to: credentialsFile, atomically: true, encoding: .utf8)
        try """
        [default]
        region = us-east-1

        [profile work]
        region = eu-west-2
        s3 =
          max_concurrent_requests = 10
        """.write(to: configFile, atomically: true, encoding: .utf8)
        let environment = Self.isolatedEnvironment([
            "AWS_PROFILE": "work",
            "AWS_SHARED_CREDENTIALS_FILE": credentialsFile.path,
            "AWS_CONFIG_FILE": configFile.path,
        ])
        let credentials = try await AWSCredentialChain(environment: environment).credentials()
        #expect(credentials.accessKeyId == "AKIAWORK")
        #expect(credentials.secretAccessKey == "work-secret")
        #expect(credentials.sessionToken == "work-token")
        #expect(credentials.origin == "profile work in \(credentialsFile.path)")
        #expect(try SSMClient.region(environment: environment) == "eu-west-2")

        var defaults = environment
        defaults["AWS_PROFILE"] = nil
        #expect(try await AWSCredentialChain(environment: defaults).credentials().accessKeyId == "AKIADEFAULT")
        #expect(try SSMClient.region(environment: defaults) == "us-east-1")
        defaults["AWS_REGION"] = "ap-south-1"
        #expect(try SSMClient.region(environment: defaults) == "ap-south-1")

        // The environment still wins over any profile.
        var both = environment
        both["AWS_ACCESS_KEY_ID"] = "AKIAENVIRONMENT"
        both["AWS_SECRET_ACCESS_KEY"] = "env-secret"
        #expect(try await AWSCredentialChain(environment: both).credentials().accessKeyId == "AKIAENVIRONMENT")
    }

    @Test("keys in the config file work; a profile named by AWS_PROFILE that does not exist is an error")
    func configFileKeysAndMissingProfile() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let configFile = directory.appendingPathComponent("config")
        try "[profile ops]\naws_access_key_id = AKIACONFIG\naws_secret_access_key = config-secret\n".write(
            to: configFile,
            atomically: true,
            encoding: .utf8
        )
        let environment = Self.isolatedEnvironment([
            "AWS_PROFILE": "ops", "AWS_CONFIG_FILE": configFile.path,
            "AWS_SHARED_CREDENTIALS_FILE": directory.appendingPathComponent("none").path,
        ])
        #expect(try await AWSCredentialChain(environment: environment).credentials().accessKeyId == "AKIACONFIG")

        var missing = environment
        missing["AWS_PROFILE"] = "nope"
        do {
            _ = try await AWSCredentialChain(environment: missing).credentials()
            Issue.record("a missing profile should fail")
        } catch {
            #expect(error.reason == .invalidCredentials)
            #expect(error.message.contains("profile nope named by AWS_PROFILE was not found"))
        }
    }

    @Test("the ECS endpoint, with its authorization token, and refresh before expiry")
    func containerEndpoint() async throws {
        let requests = Counter()
        let lifetime = Mutex<TimeInterval>(120)  // shorter than the refresh margin: refetched every time
        let router = Router()
        router.get("/v2/credentials/task") { request, _ -> Response in
            guard request.headers[.authorization] == "Bearer ecs-token" else { return .text("no", status: .unauthorized) }
            let n = requests.increment()
            let expiry = Date().addingTimeInterval(lifetime.withLock { $0 })
            return .json(
                """
                {"RoleArn":"arn:aws:iam::123456789012:role/task","AccessKeyId":"ASIAECS\(n)","SecretAccessKey":"ecs-secret-\(n)","Token":"ecs-session-\(n)","Expiration":"\(iso8601(expiry))"}
                """
            )
        }
        try await withLoopbackServer(router) { base in
            let environment = CredentialChainTests.isolatedEnvironment([
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": "\(base)/v2/credentials/task",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Bearer ecs-token",
            ])
            let chain = AWSCredentialChain(environment: environment)
            let first = try await chain.credentials()
            #expect(first.accessKeyId == "ASIAECS1")
            #expect(first.sessionToken == "ecs-session-1")
            #expect(first.expiration != nil)
            #expect(first.origin.contains("ECS container credentials endpoint"))
            // Expires within the refresh margin, so the next call fetches new keys.
            let second = try await chain.credentials()
            #expect(second.accessKeyId == "ASIAECS2")

            // Long-lived temporary credentials are reused until the margin is reached.
            lifetime.withLock { $0 = 3_600 }
            let clock = Mutex(Date())
            let timed = AWSCredentialChain(environment: environment, now: { clock.withLock { $0 } })
            let third = try await timed.credentials()
            #expect(try await timed.credentials().accessKeyId == third.accessKeyId)
            #expect(requests.value == 3)
            clock.withLock { $0 = $0.addingTimeInterval(3_600 - 200) }  // inside the 300 s margin
            let refreshed = try await timed.credentials()
            #expect(refreshed.accessKeyId != third.accessKeyId)
            #expect(requests.value == 4)

            // A wrong token is refused by the agent and reported as a credentials problem.
            var wrongToken = environment
            wrongToken["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "Bearer wrong"
            do throws(AWSError) {
                _ = try await AWSCredentialChain(environment: wrongToken).credentials()
                Issue.record("a refused token should fail")
            } catch {
                #expect(error.reason == .invalidCredentials)
                #expect(error.message.contains("HTTP 401"))
            }
        }
    }

    @Test("the ECS relative URI goes to the ECS agent address; plain http elsewhere is refused")
    func containerURLRules() async throws {
        #expect(AWSCredentialChain.isAllowedContainerURL(URL(string: "http://169.254.170.2/v2/credentials/x")!))
        #expect(AWSCredentialChain.isAllowedContainerURL(URL(string: "http://127.0.0.1:8080/creds")!))
        #expect(AWSCredentialChain.isAllowedContainerURL(URL(string: "https://creds.example.com/creds")!))
        #expect(!AWSCredentialChain.isAllowedContainerURL(URL(string: "http://creds.example.com/creds")!))
        let chain = AWSCredentialChain(environment: Self.isolatedEnvironment(["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://creds.example.com/x"]))
        do {
            _ = try await chain.credentials()
            Issue.record("plain http to a remote host should be refused")
        } catch {
            #expect(error.message.contains("is not allowed"))
        }
    }

    @Test("EC2 instance metadata, IMDSv2 session token required")
    func instanceMetadata() async throws {
        let router = Router()
        router.put("/latest/api/token") { request, _ -> Response in
            guard request.headers[HTTPField.Name("X-aws-ec2-metadata-token-ttl-seconds")!] != nil else { return .text("", status: .badRequest) }
            return .text("imds-session")
        }
        let authorised: @Sendable (Request) -> Bool = { $0.headers[HTTPField.Name("X-aws-ec2-metadata-token")!] == "imds-session" }
        router.get("/latest/meta-data/iam/security-credentials/") { request, _ -> Response in
            authorised(request) ? .text("obc-instance-role\n") : .text("", status: .unauthorized)
        }
        router.get("/latest/meta-data/iam/security-credentials/obc-instance-role") { request, _ -> Response in
            guard authorised(request) else { return .text("", status: .unauthorized) }
            return .json(
                """
                {"Code":"Success","LastUpdated":"2026-01-01T00:00:00Z","Type":"AWS-HMAC","AccessKeyId":"ASIAIMDS","SecretAccessKey":"imds-secret","Token":"imds-token","Expiration":"\(iso8601(Date().addingTimeInterval(6 * 3_600)))"}
                """
            )
        }
        try await withLoopbackServer(router) { base in
            var environment = CredentialChainTests.isolatedEnvironment(["AWS_EC2_METADATA_SERVICE_ENDPOINT": base + "/"])
            environment["AWS_EC2_METADATA_DISABLED"] = nil
            let credentials = try await AWSCredentialChain(environment: environment, metadataTimeout: .seconds(15)).credentials()
            #expect(credentials.accessKeyId == "ASIAIMDS")
            #expect(credentials.sessionToken == "imds-token")
            #expect(credentials.origin.contains("role obc-instance-role"))
        }
    }

    @Test("when nothing is configured the error lists everything tried")
    func nothingFound() async throws {
        var environment = Self.isolatedEnvironment(["AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:9"])
        environment["AWS_EC2_METADATA_DISABLED"] = nil
        do {
            _ = try await AWSCredentialChain(environment: environment, metadataTimeout: .milliseconds(500)).credentials()
            Issue.record("no credentials should fail")
        } catch {
            #expect(error.reason == .invalidCredentials)
            #expect(error.code == "NoCredentials")
            for source in ["environment variables", "shared files", "ECS container credentials", "EC2 instance metadata at http://127.0.0.1:9"] {
                #expect(error.message.contains(source), "missing \(source) in: \(error.message)")
            }
        }
    }

    @Test("the shared-file INI reader ignores comments and nested settings")
    func iniParsing() {
        let sections = AWSSharedConfigFiles.parseINI(
            """
            ; comment
            [profile  spaced ]
            Region = eu-west-1
            s3 =
              addressing_style = path
            [default]
            region=us-west-2
            """
        )
        #expect(sections["profile spaced"]?["region"] == "eu-west-1")
        #expect(sections["profile spaced"]?["addressing_style"] == nil)
        #expect(sections["default"]?["region"] == "us-west-2")
    }
}
