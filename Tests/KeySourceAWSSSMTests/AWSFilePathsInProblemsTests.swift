import Foundation
import OBCTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Issue 9: a problem detail named `/root/.aws/config`. Through `obc serve` as a real process,
/// a missing region and a missing profile are named by the file's role and the profile; the
/// paths appear only in the server's log.
@Suite("AWS shared file paths stay in the log")
struct AWSFilePathsInProblemsTests {
    @Test(arguments: [false, true])
    func problemsNameTheFileAndProfileNotThePath(regionSet: Bool) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("obc-aws-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("private-aws-config")
        try "[profile other]\nregion = eu-west-2\n".write(to: config, atomically: true, encoding: .utf8)
        let environment = [
            "HOME": directory.path, "AWS_CONFIG_FILE": config.path, "AWS_SHARED_CREDENTIALS_FILE": directory.appendingPathComponent("creds").path,
            "AWS_PROFILE": "nope", "AWS_REGION": regionSet ? "eu-west-2" : "", "AWS_DEFAULT_REGION": "", "AWS_ACCESS_KEY_ID": "",
            "AWS_SECRET_ACCESS_KEY": "", "AWS_EC2_METADATA_DISABLED": "true", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "", "AWS_ENDPOINT_URL_SSM": "http://127.0.0.1:9",
        ]
        let serve = ["serve", "--port", "0", "--database", directory.appendingPathComponent("obc.sqlite").path]
        try await CLIProcess.serving(serve, environment: environment) { server, base in
            let (status, text) = try await LiveHTTP.post(
                "\(base)/manage/encryption-key-descriptions", ["Key": ["Source": "AwsSsmParameterStore", "Name": "/obc/encryption-key"]])
            #expect(status == 400, "\(text)")
            #expect(text.contains(regionSet ? "the AWS shared config file" : "region in profile nope of the AWS shared config file"), "\(text)")
            #expect(text.contains("nope"))
            #expect(!text.contains(directory.path), "\(text)")
            #expect(!text.contains("private-aws-config"), "\(text)")
            try await server.waitForOutput(containing: config.path, timeout: 10)
        }
    }
}
