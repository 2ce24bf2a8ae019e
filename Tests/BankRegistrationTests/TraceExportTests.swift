import Foundation
import OBCTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Issue 13 §3: `obc serve` exports spans over OTLP/HTTP to a receiver on loopback when one is
/// configured: the request, its outbound calls and its store operations in one trace.
@Suite("Trace export over OTLP/HTTP from a real obc serve", .serialized)
struct TraceExportTests {
    static let endpointKey = "OpenBankingConnector__OpenTelemetry__Tracing__OtlpExporterUrl"

    /// A statement made in-process, so the served process only handles the registration.
    func softwareStatement(_ harness: RegistrationHarness) async throws -> String {
        let collector = IDCollector()
        try await harness.runtime.withServer { client in
            await collector.add(status: 0, externalId: try await harness.createSoftwareStatement(client), text: "")
        }
        return try #require(await collector.results.first?.externalId)
    }

    func register(_ base: String, statement: String, traceparent: String? = nil) async throws -> (Int, String) {
        var request = URLRequest(url: URL(string: "\(base)/manage/bank-registrations")!)
        request.httpMethod = "POST"
        request.httpBody = try JSONSerialization.data(withJSONObject: [
            "BankProfile": "NatWest_NatWest", "SoftwareStatementId": statement, "UseSimulatedBank": true,
        ])
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let traceparent { request.setValue(traceparent, forHTTPHeaderField: "traceparent") }
        request.timeoutInterval = 60
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// On SQLite and on PostgreSQL (`db.system` says which).
    @Test(arguments: [false, true])
    func aRegistrationsRequestOutboundCallsAndStoreOperationsArriveAsOneTraceFlushedOnShutdown(postgres: Bool) async throws {
        try await RegistrationHarness.with(postgres: postgres) { harness in
            try await exportsOneTrace(harness, postgres: postgres)
        }
    }

    private func exportsOneTrace(_ harness: RegistrationHarness, postgres: Bool) async throws {
        let statement = try await softwareStatement(harness)
        try await OTLPReceiver.with { receiver, base in
            var environment = harness.runtime.environment
            environment[Self.endpointKey] = base
            environment["OpenBankingConnector__OpenTelemetry__Tracing__OtlpProtocol"] = "http/json"
            environment["OpenBankingConnector__OpenTelemetry__ServiceName"] = "obc-trace-test"
            // The caller's W3C trace context is honoured, so the trace id is known.
            let traceId = (0..<4).map { _ in String(format: "%08x", UInt32.random(in: 1...UInt32.max)) }.joined()
            try await CLIProcess.serving(["serve", "--port", "0", "--database", harness.runtime.databasePath], environment: environment) {
                server, base in
                #expect(server.text.contains("Trace export is on"), "\(server.text)")
                let (status, body) = try await register(base, statement: statement, traceparent: "00-\(traceId)-00f067aa0ba902b7-01")
                #expect(status == 201, "\(body)")
                // Spans are batched; stopping the server must flush them.
                server.signal(SIGTERM)
                #expect(try await server.waitForExit() == 0, "\(server.text)")
            }

            let trace = receiver.spans.filter { $0.traceId == traceId }
            #expect(receiver.contentTypes.allSatisfy { $0.hasPrefix("application/json") })
            #expect(trace.allSatisfy { $0.serviceName == "obc-trace-test" })
            let request = try #require(trace.first { $0.kind == 2 }, "no server span in \(trace.map(\.name))")
            #expect(request.parentSpanId == "00f067aa0ba902b7")
            #expect(request.name.contains("/manage/bank-registrations"), "\(request.name)")
            let byId = Dictionary(trace.map { ($0.spanId, $0) }) { first, _ in first }
            /// Whether the request span is an ancestor of `span`.
            func underRequest(_ span: OTLPReceiver.Span) -> Bool {
                var parent = span.parentSpanId
                for _ in 0..<32 {
                    guard let id = parent else { return false }
                    if id == request.spanId { return true }
                    parent = byId[id]?.parentSpanId
                }
                return false
            }
            let outbound = trace.filter { $0.attributes["obc.endpoint"] != nil }
            for endpoint in ["directory_token", "ssa", "discovery", "register"] {
                let call = outbound.first { $0.attributes["obc.endpoint"] == endpoint }
                #expect(call.map(underRequest) == true, "no outbound \(endpoint) span under the request: \(outbound.map(\.name))")
                #expect(call?.kind == 3)
            }
            let store = trace.filter { $0.name.hasPrefix("store.") }
            for name in [
                "store.bankClients.claim", "store.bankClients.activate", "store.bankRegistrations.insert", "store.settings.currentEncryptionKeyId",
            ] {
                let span = store.first { $0.name == name }
                #expect(span.map(underRequest) == true, "no \(name) span under the request: \(store.map(\.name))")
                #expect(span?.attributes["db.system"] == (postgres ? "postgresql" : "sqlite"))
            }
            // Store spans carry no ids, values or secrets.
            for span in store {
                let text = span.attributes.values.joined(separator: " ")
                #expect(text.range(of: "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-", options: .regularExpression) == nil, "\(span.attributes)")
                for secret in harness.secretValues { #expect(!text.contains(secret)) }
            }
        }
    }

    /// Off by default: with no endpoint the exporter is not even built (the settings alone turn nothing on).
    @Test func withNoEndpointConfiguredServeExportsNothing() async throws {
        try await RegistrationHarness.with { harness in
            let statement = try await softwareStatement(harness)
            var environment = harness.runtime.environment
            environment["OpenBankingConnector__OpenTelemetry__Tracing__OtlpProtocol"] = "http/json"
            environment["OpenBankingConnector__OpenTelemetry__ServiceName"] = "obc-trace-test"
            try await CLIProcess.serving(["serve", "--port", "0", "--database", harness.runtime.databasePath], environment: environment) {
                server, base in
                #expect(server.text.contains("Trace export is off"), "\(server.text)")
                #expect(!server.text.contains("Trace export is on"))
                let (status, body) = try await register(base, statement: statement)
                #expect(status == 201, "\(body)")
            }
        }
    }
}
