import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import OBCCore
import OBCPluginAPI
import OBCPluginHTTP
import OBCTestSupport
import Synchronization
import Testing

@testable import KeySourceAWSSSM

/// The SSM client and key source against a scripted fake SSM endpoint: request shape,
/// retries, timeouts, error parsing, credential refresh and caching.
@Suite("SSM client and key source")
struct SSMClientTests {
    static let parameterValue = "fake-ssm-secret-value"

    /// A client with test credentials (a session token, so expired-token refresh applies).
    static func client(_ base: String, timeout: Duration = .seconds(5), maxAttempts: Int = 3) -> SSMClient {
        SSMClient(
            region: "eu-west-2",
            endpoint: URL(string: base)!,
            credentials: AWSCredentialChain(
                environment: CredentialChainTests.isolatedEnvironment([
                    "AWS_ACCESS_KEY_ID": "ASIAFAKE", "AWS_SECRET_ACCESS_KEY": "fake-secret-key", "AWS_SESSION_TOKEN": "fake-session",
                ])
            ),
            timeout: timeout,
            maxAttempts: maxAttempts,
            retryBaseDelay: .milliseconds(1),
            maxRetryDelay: .milliseconds(10)
        )
    }

    static func success(_ name: String) -> Response {
        .json(
            """
            {"Parameter":{"Name":"\(name)","Type":"SecureString","Value":"\(parameterValue)","Version":3,"LastModifiedDate":1.7e9,"ARN":"arn:aws:ssm:eu-west-2:123456789012:parameter\(name)","DataType":"text"}}
            """,
            headers: [HTTPField.Name("x-amzn-RequestId")!: "1"]
        )
    }

    /// A router whose `POST /` answers from `script` in turn (the last answer repeats).
    static func scriptedSSM(_ calls: Counter, _ script: [@Sendable (Request) async throws -> Response]) -> Router<BasicRequestContext> {
        let router = Router()
        router.post("/") { request, _ -> Response in
            let n = calls.increment()
            return try await script[min(n, script.count) - 1](request)
        }
        return router
    }

    @Test("GetParameter is POST / in AWS JSON 1.1, signed over the right headers only")
    func requestShape() async throws {
        let seen = Mutex<[String: String]>([:])
        let calls = Counter()
        let router = Self.scriptedSSM(
            calls,
            [
                { request in
                    var request = request
                    let body = try await request.collectBody(upTo: 1 << 16)
                    seen.withLock {
                        $0["target"] = request.headers[HTTPField.Name("X-Amz-Target")!]
                        $0["contentType"] = request.headers[.contentType]
                        $0["authorization"] = request.headers[.authorization]
                        $0["token"] = request.headers[HTTPField.Name("X-Amz-Security-Token")!]
                        $0["date"] = request.headers[HTTPField.Name("X-Amz-Date")!]
                        $0["body"] = String(buffer: body)
                    }
                    return Self.success("/obc/shape")
                }
            ])
        try await withLoopbackServer(router) { base in
            let parameter = try await Self.client(base).getParameter(name: "/obc/shape")
            #expect(parameter.value.revealed == Self.parameterValue)
            #expect(parameter.version == 3)
            #expect(parameter.type == "SecureString")
            #expect(!"\(parameter)".contains(Self.parameterValue))
        }
        let headers = seen.withLock { $0 }
        #expect(headers["target"] == "AmazonSSM.GetParameter")
        #expect(headers["contentType"] == "application/x-amz-json-1.1")
        #expect(headers["token"] == "fake-session")
        #expect(headers["date"]?.count == 16)
        #expect(headers["body"] == #"{"Name":"/obc/shape","WithDecryption":true}"#)
        let authorization = headers["authorization"] ?? ""
        #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=ASIAFAKE/"))
        #expect(
            authorization.contains(
                "/eu-west-2/ssm/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature="))
    }

    @Test("server errors and throttling are retried with backoff")
    func retries() async throws {
        let calls = Counter()
        let router = Self.scriptedSSM(
            calls,
            [
                { _ in .text("oops", status: .serviceUnavailable) },
                { _ in .json(#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#, status: .badRequest) },
                { _ in Self.success("/obc/retry") },
            ])
        try await withLoopbackServer(router) { base in
            let parameter = try await Self.client(base).getParameter(name: "/obc/retry")
            #expect(parameter.value.revealed == Self.parameterValue)
        }
        #expect(calls.value == 3)

        let throttled = Counter()
        let alwaysThrottled = Self.scriptedSSM(
            throttled,
            [
                { _ in .json(#"{"__type":"com.amazonaws.ssm#ThrottlingException","message":"Rate exceeded"}"#, status: .badRequest) }
            ])
        try await withLoopbackServer(alwaysThrottled) { base in
            do throws(AWSError) {
                _ = try await Self.client(base, maxAttempts: 2).getParameter(name: "/obc/busy")
                Issue.record("throttling should fail once attempts run out")
            } catch {
                #expect(error.reason == .unavailable)
                #expect(error.code == "ThrottlingException")
                #expect(error.message.contains("/obc/busy"))
            }
        }
        #expect(throttled.value == 2)
    }

    @Test("every call has a deadline; a timeout names the parameter and is not retried")
    func timeout() async throws {
        let calls = Counter()
        let router = Self.scriptedSSM(
            calls,
            [
                { _ in
                    try await Task.sleep(for: .seconds(30))
                    return Self.success("/obc/slow")
                }
            ])
        try await withLoopbackServer(router) { base in
            let started = ContinuousClock.now
            do throws(AWSError) {
                _ = try await Self.client(base, timeout: .milliseconds(300)).getParameter(name: "/obc/slow")
                Issue.record("a slow SSM should time out")
            } catch {
                #expect(error.reason == .timeout)
                #expect(error.message.contains("/obc/slow"))
                #expect(error.message.contains("did not answer within"))
            }
            // Far below the server's 30 s: the 300 ms deadline fired (generous for loaded CI machines).
            #expect(ContinuousClock.now - started < .seconds(20))
        }
        #expect(calls.value == 1)
    }

    @Test("a refused connection fails at once (well before the deadline), naming the parameter and the endpoint")
    func refusedConnection() async throws {
        let base = "http://127.0.0.1:\(try ClosedPort.make())"
        var fastest = Duration.seconds(3600)
        // The fastest of three tries, so parallel suites generating RSA keys on the shared threads
        // cannot starve the measurement; a client that retried the connection until its 3 s
        // deadline would take at least 3 s on every try.
        for _ in 0..<3 {
            let started = ContinuousClock.now
            do throws(AWSError) {
                _ = try await Self.client(base, timeout: .seconds(3), maxAttempts: 1).getParameter(name: "/obc/refused")
                Issue.record("a refused connection should fail")
            } catch {
                #expect(error.reason == .unavailable, "\(error.message)")
                #expect(error.code == "ConnectionFailed")
                #expect(error.message.contains("could not be reached"), "\(error.message)")
                #expect(error.message.contains("/obc/refused"), "\(error.message)")
                #expect(error.message.contains(base), "\(error.message)")
            }
            fastest = min(fastest, ContinuousClock.now - started)
        }
        #expect(fastest < .seconds(2), "a refused connection took \(fastest)")
    }

    @Test("error shapes: JSON __type, the error-type header, and XML")
    func errorParsing() {
        func parse(_ body: String, headers: [(String, String)] = [], status: Int = 400) -> SSMClient.ServiceFailure {
            var fields = NIOHTTP1.HTTPHeaders()
            for (name, value) in headers { fields.add(name: name, value: value) }
            return SSMClient.parseError(PluginHTTP.Response(status: status, headers: fields, body: Array(body.utf8)))
        }
        #expect(parse(#"{"__type":"ParameterNotFound","message":"Parameter /x not found."}"#).code == "ParameterNotFound")
        #expect(parse(#"{"__type":"com.amazonaws.ssm#ParameterNotFound"}"#).code == "ParameterNotFound")
        #expect(parse(#"{"__type":"AccessDeniedException:http://internal.amazon.com/"}"#).code == "AccessDeniedException")
        #expect(parse(#"{"message":"x"}"#, headers: [("x-amzn-ErrorType", "InternalServerError:http://x/")]).code == "InternalServerError")
        let xml = parse(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <ErrorResponse><Errors><Error><Code>SignatureDoesNotMatch</Code><Message><![CDATA[The request signature we calculated does not match]]></Message></Error></Errors></ErrorResponse>
            """,
            status: 403
        )
        #expect(xml.code == "SignatureDoesNotMatch")
        #expect(parse("<html>bad gateway</html>", status: 502).code == nil)
    }

    @Test("expired temporary credentials are dropped and fetched again, once")
    func expiredToken() async throws {
        let calls = Counter()
        let router = Self.scriptedSSM(
            calls,
            [
                { _ in
                    .json(
                        #"{"__type":"ExpiredTokenException","message":"The security token included in the request is expired"}"#, status: .badRequest)
                },
                { _ in Self.success("/obc/expired") },
            ])
        try await withLoopbackServer(router) { base in
            let parameter = try await Self.client(base).getParameter(name: "/obc/expired")
            #expect(parameter.value.revealed == Self.parameterValue)
        }
        #expect(calls.value == 2)
    }

    @Test("the key source caches values per name for the configured time")
    func caching() async throws {
        let calls = Counter()
        let router = Self.scriptedSSM(calls, [{ _ in Self.success("/obc/cached") }])
        try await withLoopbackServer(router) { base in
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            let cached = AWSSSMKeySource(client: .success(Self.client(base)), cacheDuration: .seconds(60), logger: logger)
            #expect(try await cached.secret(named: "/obc/a").revealed == Self.parameterValue)
            #expect(try await cached.secret(named: "/obc/a").revealed == Self.parameterValue)
            #expect(calls.value == 1)
            _ = try await cached.secret(named: "/obc/b")
            #expect(calls.value == 2)
            await cached.clearCache()
            _ = try await cached.secret(named: "/obc/a")
            #expect(calls.value == 3)

            let uncached = AWSSSMKeySource(client: .success(Self.client(base)), cacheDuration: .zero, logger: logger)
            _ = try await uncached.secret(named: "/obc/a")
            _ = try await uncached.secret(named: "/obc/a")
            #expect(calls.value == 5)
        }
    }

    @Test("CacheSeconds comes from configuration and is validated")
    func cacheConfiguration() throws {
        let logger = Logger(label: "test")
        let environment = CredentialChainTests.isolatedEnvironment(["AWS_REGION": "eu-west-2"])
        #expect(throws: OBCError.self) {
            try AWSSSMKeySource(
                configuration: ConfigurationValues(["OpenBankingConnector:AwsSsm:CacheSeconds": "soon"]), environment: environment, logger: logger)
        }
        _ = try AWSSSMKeySource(
            configuration: ConfigurationValues(["OPENBANKINGCONNECTOR__AWSSSM__CACHESECONDS": "0"]), environment: environment, logger: logger)
    }

    @Test("without a region the key source still registers, and says what is missing on use")
    func missingRegion() async throws {
        let source = try AWSSSMKeySource(
            configuration: ConfigurationValues(),
            environment: CredentialChainTests.isolatedEnvironment(["AWS_ACCESS_KEY_ID": "AKIAX", "AWS_SECRET_ACCESS_KEY": "never-shown"]),
            logger: Logger(label: "test")
        )
        do {
            _ = try await source.secret(named: "/obc/no-region")
            Issue.record("no region should fail")
        } catch {
            #expect(error.reason == .unavailable)
            #expect(error.message.contains("/obc/no-region"))
            #expect(error.message.contains("AWS_REGION"))
            #expect(!error.message.contains("never-shown"))
        }
    }

    @Test("endpoint overrides: AWS_ENDPOINT_URL_SSM, then AWS_ENDPOINT_URL, else the regional host")
    func endpoints() throws {
        #expect(try SSMClient.endpoint(region: "eu-west-2", environment: [:]).absoluteString == "https://ssm.eu-west-2.amazonaws.com")
        #expect(try SSMClient.endpoint(region: "cn-north-1", environment: [:]).absoluteString == "https://ssm.cn-north-1.amazonaws.com.cn")
        #expect(
            try SSMClient.endpoint(region: "x", environment: ["AWS_ENDPOINT_URL": "http://localhost:4566"]).absoluteString == "http://localhost:4566")
        #expect(
            try SSMClient.endpoint(region: "x", environment: ["AWS_ENDPOINT_URL": "http://a:1", "AWS_ENDPOINT_URL_SSM": "http://b:2"]).absoluteString
                == "http://b:2"
        )
        #expect(throws: AWSError.self) { try SSMClient.endpoint(region: "x", environment: ["AWS_ENDPOINT_URL_SSM": "ftp://b"]) }
        let client = SSMClient(region: "x", endpoint: URL(string: "http://127.0.0.1:5000")!, credentials: AWSCredentialChain(environment: [:]))
        #expect(client.hostHeader == "127.0.0.1:5000")
        #expect(client.url == "http://127.0.0.1:5000/")
        let https = SSMClient(
            region: "x", endpoint: URL(string: "https://ssm.eu-west-2.amazonaws.com:443")!, credentials: AWSCredentialChain(environment: [:]))
        #expect(https.hostHeader == "ssm.eu-west-2.amazonaws.com")
    }

    @Test("the plugin registers the AwsSsmParameterStore source")
    func pluginRegisters() throws {
        let registry = try PluginRegistrar.build(
            plugins: [KeySourceAWSSSMPlugin.self],
            configuration: ConfigurationValues(),
            logger: Logger(label: "test")
        )
        #expect(registry.keySources[.awsSsmParameterStore] is AWSSSMKeySource)
    }
}
