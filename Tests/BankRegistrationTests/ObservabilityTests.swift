import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import OBCTestSupport
import Synchronization
import Testing

@Suite("Metrics, access logs and request ids through real registrations")
struct ObservabilityTests {
    /// The sample value of the first exposition line that starts with `series`.
    static func sample(_ exposition: String, _ series: String) -> Double? {
        exposition.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    @Test func metricsAfterRegistrationsCountRequestsBankCallsAndClientReuse() async throws {
        try await RegistrationHarness.withServer { harness, client, statement in
            let first = try await harness.register(client, profile: "NatWest_NatWest", statement: statement)
            #expect(first.status == .created, "\(first.text)")
            let second = try await harness.register(client, profile: "NatWest_NatWestBankline", statement: statement)
            #expect(second.status == .created, "\(second.text)")
            let scrape = try await client.send(.get, "/metrics")
            #expect(scrape.status == .ok)
            #expect(scrape.contentType?.hasPrefix("text/plain") == true)
            let text = scrape.text
            #expect(Self.sample(text, #"obc_bank_registrations_created_total{client="registered"}"#) == 1, "\(text)")
            #expect(Self.sample(text, #"obc_bank_registrations_created_total{client="reused"}"#) == 1)
            #expect(Self.sample(text, #"obc_http_requests_total{route="/manage/bank-registrations",method="POST",status="201"}"#) == 2)
            #expect(text.contains(#"obc_http_request_duration_seconds_bucket{route="/manage/bank-registrations",method="POST",le="#))
            for endpoint in ["directory_token", "ssa", "discovery", "register"] {
                let series = #"obc_outbound_requests_total{bank_profile="NatWest_NatWest",endpoint="\#(endpoint)",outcome="2xx"}"#
                #expect((Self.sample(text, series) ?? 0) >= 1, "no \(series)")
            }
            #expect(text.contains(#"obc_encrypted_objects{key="Configuration/OpenBankingConnector:Keys:Encryption:Key1"}"#))
            #expect(Self.sample(text, "obc_encryption_key_rotation_progress_ratio") == 1)
            #expect((Self.sample(text, "process_resident_memory_bytes") ?? 0) > 0)
            // No label carries an id or a secret.
            #expect(text.range(of: "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-", options: .regularExpression) == nil)
            for secret in harness.secretValues { #expect(!text.contains(secret)) }
        }
    }

    /// The id a caller sends is echoed, written in the access log and sent to the Directory;
    /// the Directory's failure is logged with profile, endpoint, status and its error code.
    @Test func requestIdReachesTheAccessLogTheResponseAndTheBank() async throws {
        try await RegistrationHarness.with { harness in
            let seen = Mutex<[String]>([])
            let router = Router()
            router.post("/token") { request, _ in
                seen.withLock { $0.append(request.headers[HTTPField.Name("X-Request-Id")!] ?? "none") }
                return Response(
                    status: .internalServerError, headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(string: #"{"error":"server_error","error_description":"down"}"#)))
            }
            try await withLoopbackServer(router, label: "the failing Directory") { base in
                var environment = harness.runtime.environment
                environment["OpenBankingConnector__Directory__Sandbox__TokenUrl"] = "\(base)/token"
                let runtime = try harness.runtime.reopened(environment: environment)
                try await runtime.withServer { client in
                    let statement = try await harness.createSoftwareStatement(client)
                    let requestId = "trace-\(UUID().uuidString.prefix(8))"
                    let failed = try await client.send(
                        .post, "/manage/bank-registrations",
                        json: ["BankProfile": "NatWest_NatWest", "SoftwareStatementId": statement, "UseSimulatedBank": true],
                        headers: [HTTPField.Name("X-Request-Id")!: requestId])
                    #expect(failed.status == .internalServerError || failed.status.code >= 500, "\(failed.text)")
                    #expect(failed.headers[HTTPField.Name("X-Request-Id")!] == requestId)
                    #expect(seen.withLock { $0 } == [requestId])
                    let generated = try await client.send(.get, "/manage/software-statements")
                    let other = try #require(generated.headers[HTTPField.Name("X-Request-Id")!])
                    #expect(other != requestId && !other.isEmpty)
                    let metrics = try await client.send(.get, "/metrics").text
                    let series = #"obc_outbound_requests_total{bank_profile="NatWest_NatWest",endpoint="directory_token",outcome="5xx"}"#
                    #expect(Self.sample(metrics, series) == 1, "\(metrics)")
                    let logs = runtime.logs.text.split(separator: "\n")
                    #expect(
                        logs.contains {
                            $0.contains("HTTP request") && $0.contains(requestId) && $0.contains("/manage/bank-registrations")
                                && $0.contains("\(failed.status.code)")
                        }, "\(runtime.logs.text)")
                    #expect(logs.contains { $0.contains("HTTP request") && $0.contains(other) })
                    #expect(
                        logs.contains {
                            $0.contains("Outbound call failed") && $0.contains("NatWest_NatWest") && $0.contains("directory_token")
                                && $0.contains("500") && $0.contains("server_error") && $0.contains(requestId)
                        }, "\(runtime.logs.text)")
                    #expect(!logs.contains { $0.contains("HTTP request") && $0.contains("/metrics") }, "probes are left out of the access log")
                }
            }
        }
    }

}
