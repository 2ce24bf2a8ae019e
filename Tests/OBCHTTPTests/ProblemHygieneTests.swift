import Foundation
import OBCTestSupport
import Testing

@testable import OBCHTTP

/// Issue 9: problem details carried source paths (`SwiftASN1/PEMDocument.swift:143`, a TLS
/// library's `…/tls_record.cc:491`) and server files (`/root/.aws/config`). Whatever a lower
/// layer writes, the caller sees none of it; the log keeps the original.
@Suite("Problem details never carry source paths, server files or type names")
struct ProblemHygieneTests {
    let fixture = try! ManagementFixture()

    @Test(arguments: [
        "-----BEGIN CERTIFICATE-----\nMIIBAAAA\n-----END CERTIFICATE-----",
        "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----",
        "-----BEGIN CERTIFICATE-----\nMIIBCgKCAQEAwJt7\n-----END CERTIFICATE-----",
    ])
    func aCorruptCertificateIsNamedWithoutInternals(certificate: String) async throws {
        let runtime = try TestRuntime(environment: fixture.environment)
        defer { runtime.removeFiles() }
        var body = fixture.wacBody
        body["Certificate"] = certificate
        let sent = body
        try await runtime.withServer { client in
            let response = try await client.send(.post, "/manage/obwac-certificates", json: sent)
            #expect(response.status == .badRequest)
            #expect(response["field"] as? String == "Certificate")
            for leak in [".swift", "SwiftASN1", "ASN1Error", ".build/", "Sources/"] {
                #expect(!response.text.contains(leak), "\(response.text)")
            }
        }
    }

    @Test(arguments: [
        (
            "TLS handshake failed: /work/main/.build/checkouts/swift-nio-ssl/Sources/CNIOBoringSSL/ssl/tls_record.cc:491 error",
            "tls_record.cc"
        ),
        ("the PEM certificate does not parse (ASN1Error.invalidPEMDocument: Multiple PEMDocuments found SwiftASN1/PEMDocument.swift:143)", ".swift"),
        ("no AWS region is configured (region in profile default of /root/.aws/config)", "/root/"),
        ("cannot read ~/.aws/credentials", ".aws"),
        ("failed: NIOSSLError.handshakeFailed(BoringSSLError.sslError([Error: 268436502]))", "NIOSSLError"),
        ("bad: Swift.DecodingError.dataCorrupted", "Swift.DecodingError"),
        ("Error Domain=NSCocoaErrorDomain Code=256", "NSCocoaErrorDomain"),
    ])
    func theScrubberRemovesInternals(text: String, leak: String) {
        let (clean, changed) = ProblemScrubber.scrub(text)
        #expect(changed)
        #expect(!clean.contains(leak), "\(clean)")
        #expect(clean.contains(ProblemScrubber.replacement))
    }

    @Test(arguments: [
        "No route matches GET /manage/obwac-certificates/abc.",
        "AssociatedKey: the secret with Source AwsSsmParameterStore and Name /obc/encryption-key does not exist or is not a usable key.",
        "POST https://bank.example.com/register answered 400 (invalid_client_metadata).",
        "The Content-Type 'text/plain' is not supported; send the body as application/json.",
        "Key.Name: must not be empty.",
        "The certificate expired on 2024-01-01T00:00:00Z; banks will reject it.",
    ])
    func theScrubberLeavesUserTermsAlone(text: String) {
        let (clean, changed) = ProblemScrubber.scrub(text)
        #expect(!changed, "\(clean)")
        #expect(clean == text)
    }
}
