import OBCCore
import OBCPluginAPI
import Testing

/// How an error becomes a problem (status, title, Retry-After, detail) and the scrubber that
/// keeps internals out of it: pure rules, tested without a server (moved from OBCHTTPTests).
@Suite("Problem mapping and scrubbing")
struct ProblemMappingTests {
    @Test(arguments: [
        (OBCError.Kind.invalidRequest, 400, "Invalid request"), (.notFound, 404, "Not found"), (.conflict, 409, "Conflict"),
        (.tampering, 500, "Encrypted data failed authentication"), (.misconfigured, 503, "Service misconfigured"),
        (.unavailable, 503, "Service unavailable"), (.upstream(status: 401), 401, "Pass-through error from external API endpoint"),
        (.upstream(status: nil), 502, "Pass-through error from external API endpoint"),
    ])
    func eachKindHasItsStatusAndTitle(kind: OBCError.Kind, status: Int, title: String) {
        #expect(ProblemMapping.status(for: kind) == status)
        #expect(ProblemMapping.title(for: kind) == title)
    }

    @Test func internalErrorsAre500WithTheReasonPhraseAndOnlyUnavailableAsksForARetry() {
        #expect(ProblemMapping.status(for: .internal) == 500 && ProblemMapping.title(for: .internal) == nil)
        #expect(ProblemMapping.retryAfterSeconds(for: .unavailable) == ProblemMapping.unavailableRetryAfterSeconds)
        #expect(ProblemMapping.retryAfterSeconds(for: .misconfigured) == nil)
    }

    @Test func theDetailNamesTheField() {
        #expect(ProblemMapping.detail(of: OBCError(.invalidRequest, field: "Certificate", "is not PEM.")) == "Certificate: is not PEM.")
        #expect(ProblemMapping.detail(of: OBCError(.conflict, "in use.")) == "in use.")
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
