import Foundation
import OBCTestSupport
import Testing

@testable import OBCHTTP

/// Issue 9: problem details carried source paths (`SwiftASN1/PEMDocument.swift:143`, a TLS
/// library's `…/tls_record.cc:491`) and server files (`/root/.aws/config`). Whatever a lower
/// layer writes, the caller sees none of it; the log keeps the original. The scrubber's rule
/// itself is tested on the light kit (`ProblemMappingTests`, OBCCoreTests).
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
}
