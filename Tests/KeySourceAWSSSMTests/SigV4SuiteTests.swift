import Crypto
import Foundation
import Testing

@testable import KeySourceAWSSSM

/// The official AWS SigV4 test suite (from awslabs/aws-c-auth, shipped as test resources):
/// every case's canonical request, string to sign and signature, header-signing variant.
@Suite("SigV4 official test suite")
struct SigV4SuiteTests {
    static let suiteDirectory: URL = {
        guard let url = Bundle.module.url(forResource: "aws-sigv4-test-suite", withExtension: nil) else {
            fatalError("the aws-sigv4-test-suite resource folder is missing from the test bundle")
        }
        return url
    }()

    /// Every case folder, found at run time so a newly added case is tested without code changes.
    static let caseNames: [String] = {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: suiteDirectory.path)) ?? []
        return entries.filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: suiteDirectory.appendingPathComponent(name).path, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }.sorted()
    }()

    @Test("the suite is all there")
    func suiteIsPresent() {
        #expect(Self.caseNames.count == 38)
    }

    @Test("case", arguments: caseNames)
    func signsLikeTheSuite(caseName: String) throws {
        let testCase = try SuiteCase(directory: Self.suiteDirectory.appendingPathComponent(caseName))
        let signer = SigV4Signer(service: testCase.context.service, region: testCase.context.region)
        let signed = signer.sign(
            method: testCase.request.method,
            path: testCase.request.path,
            query: testCase.request.query,
            headers: testCase.request.headers,
            body: testCase.request.body,
            credentials: testCase.context.credentials,
            date: testCase.context.date,
            options: SigV4Signer.Options(
                normalizePath: testCase.context.normalize,
                addContentSHA256Header: testCase.context.signBody,
                omitSessionTokenFromSignature: testCase.context.omitSessionToken
            )
        )
        #expect(signed.canonicalRequest == testCase.expectedCanonicalRequest)
        #expect(signed.stringToSign == testCase.expectedStringToSign)
        #expect(signed.signature == testCase.expectedSignature)
        #expect(signed.authorization.hasSuffix("Signature=\(testCase.expectedSignature)"))
        #expect(signed.headersToAdd.contains { $0.name == "X-Amz-Date" && $0.value == "20150830T123600Z" })
    }

    @Test("an SSM GetParameter request signs as botocore signs it")
    func ssmVector() {
        // Generated with botocore's SigV4Auth at a fixed clock; see the research notes.
        let body = SSMClient.requestBody(name: "/app/db-password")
        #expect(String(decoding: body, as: UTF8.self) == #"{"Name":"/app/db-password","WithDecryption":true}"#)
        let client = SSMClient(
            region: "eu-west-2",
            endpoint: URL(string: "https://ssm.eu-west-2.amazonaws.com")!,
            credentials: AWSCredentialChain(environment: [:])
        )
        let date = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z
        let headers = client.signedHeaders(name: "/app/db-password", body: body, credentials: SuiteCase.exampleCredentials(token: nil), date: date)
        let authorization = headers.first { $0.name == "Authorization" }?.value
        #expect(
            authorization
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/eu-west-2/ssm/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=2fc83405acbf1c23b5b4cc592b847739316abcfb8c5b3c095507affd847a4032"
        )
        let withToken = client.signedHeaders(
            name: "/app/db-password",
            body: body,
            credentials: AWSCredentials(
                accessKeyId: "ASIAEXAMPLE",
                secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                sessionToken: "SESSIONTOKEN/+=",
                origin: "test"
            ),
            date: date
        )
        #expect(withToken.contains { $0.name == "X-Amz-Security-Token" && $0.value == "SESSIONTOKEN/+=" })
        #expect(
            withToken.first { $0.name == "Authorization" }?.value
                == "AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/20150830/eu-west-2/ssm/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature=c25794533e7f414327c9390621011482b366bf88bf365bf9d924948f8e11f199"
        )
    }

    @Test("the prepared HMAC matches swift-crypto's HMAC-SHA256", arguments: [0, 1, 32, 63, 64, 65, 200])
    func preparedHMAC(keyLength: Int) {
        let key = SymmetricKey(data: (0..<keyLength).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) })
        for message in ["", "AWS4-HMAC-SHA256\n20150830T123600Z", String(repeating: "x", count: 300)] {
            let expected = Array(HMAC<SHA256>.authenticationCode(for: Array(message.utf8), using: key))
            #expect(Array(PreparedHMAC(key: key).mac(Array(message.utf8))) == expected)
        }
    }

    @Test("one signer reuses its derived key across days and secrets correctly")
    func signingKeyCache() {
        let signer = SigV4Signer(service: "service", region: "us-east-1")
        let first = SuiteCase.exampleCredentials(token: nil)
        let other = AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "another-secret", origin: "test")
        let day = Date(timeIntervalSince1970: 1_440_938_160)
        func signature(_ credentials: AWSCredentials, _ date: Date) -> String {
            signer.sign(
                method: "GET", path: "/", query: nil, headers: [("Host", "example.amazonaws.com")], body: [], credentials: credentials, date: date
            ).signature
        }
        func fresh(_ credentials: AWSCredentials, _ date: Date) -> String {
            SigV4Signer(service: "service", region: "us-east-1")
                .sign(
                    method: "GET", path: "/", query: nil, headers: [("Host", "example.amazonaws.com")], body: [], credentials: credentials, date: date
                ).signature
        }
        #expect(signature(first, day) == "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
        #expect(signature(other, day) == fresh(other, day))
        #expect(signature(first, day.addingTimeInterval(86_400)) == fresh(first, day.addingTimeInterval(86_400)))
        #expect(signature(first, day) == "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
    }

    @Test("headers a proxy or HTTP library may change are never signed")
    func unsignableHeadersAreSkipped() {
        let canonical = SigV4Signer.canonicalHeaders([
            ("Host", "example.amazonaws.com"), ("User-Agent", "obc/1.0"), ("Connection", "keep-alive"),
            ("X-Amzn-Trace-Id", "Root=1"), ("Transfer-Encoding", "chunked"), ("X-Amz-Target", "AmazonSSM.GetParameter"),
        ])
        #expect(canonical.signedHeaders == "host;x-amz-target")
    }

    @Test(
        "timestamps are formatted in UTC without a DateFormatter",
        arguments: [
            (0.0, "19700101T000000Z"), (1_440_938_160.0, "20150830T123600Z"), (951_782_400.0, "20000229T000000Z"),
            (4_102_444_799.9, "20991231T235959Z"), (4_107_542_399.0, "21000228T235959Z"), (1_767_225_600.0, "20260101T000000Z"),
            (-1.0, "19691231T235959Z"),
        ]
    )
    func amzDate(seconds: Double, expected: String) {
        let stamp = AmzDate(Date(timeIntervalSince1970: seconds))
        #expect(stamp.dateTime == expected)
        #expect(stamp.date == String(expected.prefix(8)))
    }
}

/// One case folder of the suite, parsed.
struct SuiteCase {
    struct Context {
        var credentials: AWSCredentials
        var region: String
        var service: String
        var date: Date
        var normalize: Bool
        var signBody: Bool
        var omitSessionToken: Bool
    }

    struct Request {
        var method: String
        var path: String
        var query: String?
        var headers: [(name: String, value: String)]
        var body: [UInt8]
    }

    var context: Context
    var request: Request
    var expectedCanonicalRequest: String
    var expectedStringToSign: String
    var expectedSignature: String

    static func exampleCredentials(token: String?) -> AWSCredentials {
        AWSCredentials(
            accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: token, origin: "test suite")
    }

    init(directory: URL) throws {
        func read(_ name: String) throws -> String {
            try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        }
        func trimmed(_ text: String) -> String {
            text.hasSuffix("\n") ? String(text.dropLast()) : text
        }
        context = try Self.parseContext(Data(contentsOf: directory.appendingPathComponent("context.json")))
        request = try Self.parseRequest(Array(Data(contentsOf: directory.appendingPathComponent("request.txt"))))
        expectedCanonicalRequest = trimmed(try read("header-canonical-request.txt"))
        expectedStringToSign = trimmed(try read("header-string-to-sign.txt"))
        expectedSignature = trimmed(try read("header-signature.txt")).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    struct ContextFile: Decodable {
        struct Credentials: Decodable {
            var access_key_id: String
            var secret_access_key: String
            var token: String?
        }
        var credentials: Credentials
        var region: String
        var service: String
        var timestamp: String
        var normalize: Bool
        var sign_body: Bool
        var omit_session_token: Bool?
    }

    static func parseContext(_ data: Data) throws -> Context {
        let file = try JSONDecoder().decode(ContextFile.self, from: data)
        let date = try Date(file.timestamp, strategy: Date.ISO8601FormatStyle())
        return Context(
            credentials: AWSCredentials(
                accessKeyId: file.credentials.access_key_id,
                secretAccessKey: file.credentials.secret_access_key,
                sessionToken: file.credentials.token,
                origin: "test suite"
            ),
            region: file.region,
            service: file.service,
            date: date,
            normalize: file.normalize,
            signBody: file.sign_body,
            omitSessionToken: file.omit_session_token ?? false
        )
    }

    /// `METHOD target HTTP/1.1`, header lines (indented lines continue the previous value),
    /// an empty line, then the body. The target may hold raw spaces and UTF-8, as in the suite.
    static func parseRequest(_ bytes: [UInt8]) throws -> Request {
        let text = String(decoding: bytes, as: UTF8.self)
        let headerPart: Substring
        let body: [UInt8]
        if let separator = text.range(of: "\n\n") {
            headerPart = text[..<separator.lowerBound]
            body = Array(text[separator.upperBound...].utf8)
        } else {
            headerPart = Substring(text)
            body = []
        }
        var lines = headerPart.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        let requestLine = lines.removeFirst()
        guard let firstSpace = requestLine.firstIndex(of: " "), let version = requestLine.range(of: " HTTP/", options: .backwards) else {
            throw SuiteError.malformed(String(requestLine))
        }
        let method = String(requestLine[..<firstSpace])
        let target = requestLine[requestLine.index(after: firstSpace)..<version.lowerBound]
        let path: String
        var query: String?
        if let question = target.firstIndex(of: "?") {
            path = String(target[..<question])
            query = String(target[target.index(after: question)...])
        } else {
            path = String(target)
        }
        var headers: [(name: String, value: String)] = []
        for line in lines where !line.isEmpty {
            if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += "\n" + line
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { throw SuiteError.malformed(String(line)) }
            headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
        }
        return Request(method: method, path: path, query: query, headers: headers, body: body)
    }

    enum SuiteError: Error {
        case malformed(String)
    }
}
