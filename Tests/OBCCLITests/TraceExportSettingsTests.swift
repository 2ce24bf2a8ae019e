import Foundation
import OBCApp
import OBCCore
import OBCOTLP
import OBCPluginAPI
import OBCTestSupport
import Testing

/// Issue 13 §3: trace export is off by default, and its settings are checked like any other.
@Suite("OTLP trace export settings")
struct TraceExportSettingsTests {
    func read(_ values: [String: String], environment: [String: String] = [:]) throws -> OTLPTraceSettings? {
        try OTLPTraceSettings.read(values: ConfigurationValues(values), environment: environment)
    }

    @Test func offUnlessAnEndpointIsConfiguredHereOrInTheStandardVariables() throws {
        #expect(try read([:]) == nil)
        #expect(try read([OTLPTraceSettings.protocolKey: "http/json", OTLPTraceSettings.serviceNameKey: "obc"]) == nil)
        let standard = try #require(try read([:], environment: ["OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"]))
        #expect(standard.tracesURL == nil)
        #expect(try read([:], environment: ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://collector:4318/v1/traces"]) != nil)
        let disabled = try read([OTLPTraceSettings.endpointKey: "http://collector:4318"], environment: ["OTEL_SDK_DISABLED": "true"])
        #expect(disabled == nil)
    }

    @Test func endpointProtocolRatioAndServiceNameAreRead() throws {
        let settings = try #require(
            try read([
                OTLPTraceSettings.endpointKey: "http://collector:4318", OTLPTraceSettings.protocolKey: "HTTP/JSON",
                OTLPTraceSettings.sampleRatioKey: "0.25", OTLPTraceSettings.serviceNamespaceKey: "tpp",
            ]))
        #expect(settings.tracesURL == "http://collector:4318/v1/traces")
        #expect(settings.wireProtocol == .httpJSON)
        #expect(settings.sampleRatio == 0.25)
        #expect(settings.serviceName == "OpenBankingConnector")
        #expect(settings.serviceNamespace == "tpp")
        let pathKept = try #require(try read([OTLPTraceSettings.endpointKey: "https://collector/otlp/traces"]))
        #expect(pathKept.tracesURL == "https://collector/otlp/traces")
        #expect(pathKept.wireProtocol == .httpProtobuf)
        #expect(pathKept.sampleRatio == 1)
        let withToken = try #require(try read([OTLPTraceSettings.endpointKey: "https://user:pw@collector:4318/v1/traces?token=abc"]))
        #expect(withToken.destination == "https://collector:4318/v1/traces")
    }

    @Test func badValuesAreRefusedNamingTheSetting() throws {
        let cases: [(String, String, String)] = [
            (OTLPTraceSettings.protocolKey, "grpc", "4318"),
            (OTLPTraceSettings.protocolKey, "thrift", "http/protobuf, http/json"),
            (OTLPTraceSettings.sampleRatioKey, "1.5", "from 0 to 1"),
            (OTLPTraceSettings.sampleRatioKey, "half", "from 0 to 1"),
            (OTLPTraceSettings.endpointKey, "collector:4318", "http://"),
        ]
        for (key, value, hint) in cases {
            var values = [OTLPTraceSettings.endpointKey: "http://collector:4318"]
            values[key] = value
            let error = #expect(throws: OBCError.self) { try read(values) }
            #expect(error?.kind == .misconfigured)
            #expect(error.map { "\($0)".contains(key) && "\($0)".contains(hint) } == true, "\(String(describing: error))")
        }
    }

    @Test func theKeysAreKnownSoTyposAreReported() throws {
        var warnings: [String] = []
        let values = ConfigurationValues(
            Dictionary(uniqueKeysWithValues: OTLPTraceSettings.keys.map { ($0, "http://collector:4318") })
                .merging(["OpenBankingConnector:OpenTelemetry:Tracing:OtlpExporterUri": "x"]) { _, new in new })
        try? SettingsValidator.check(values) { warnings.append($0) }
        #expect(warnings.count == 1, "\(warnings)")
        #expect(warnings.first?.contains(OTLPTraceSettings.endpointKey) == true, "\(warnings)")
    }

    @Test func serveRefusesAnExporterItCannotStart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("obc-otlp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (status, output) = try await CLIProcess.run(
            ["serve", "--port", "0", "--database", directory.appendingPathComponent("obc.sqlite").path],
            environment: [
                "OpenBankingConnector__OpenTelemetry__Tracing__OtlpExporterUrl": "http://127.0.0.1:4317",
                "OpenBankingConnector__OpenTelemetry__Tracing__OtlpProtocol": "grpc",
            ])
        #expect(status == 78, "\(output)")
        #expect(output.contains(OTLPTraceSettings.protocolKey) && output.contains("OTLP/gRPC is not built"), "\(output)")
    }
}

extension TraceExportSettingsTests {
    /// The tracer is bootstrapped once per process, so a reload names trace settings as restart-only.
    @Test func aReloadSaysTraceSettingsApplyAfterARestart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("obc-otlp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("obc.yaml")
        let database = directory.appendingPathComponent("obc.sqlite").path
        func write(serviceName: String) throws {
            let yaml = "OpenBankingConnector:\n  Database:\n    Path: \(database)\n  OpenTelemetry:\n    ServiceName: \(serviceName)\n"
            try yaml.write(to: config, atomically: true, encoding: .utf8)
        }
        try write(serviceName: "first")
        let server = try CLIProcess(["serve", "--port", "0", "--config", config.path])
        _ = try await server.listeningPort()
        try write(serviceName: "second")
        server.signal(SIGHUP)
        try await server.waitForOutput(containing: "apply only after a restart")
        server.signal(SIGTERM)
        #expect(try await server.waitForExit() == 0)
        let line = try #require(server.text.split(separator: "\n").first { $0.contains("apply only after a restart") })
        #expect(line.contains(OTLPTraceSettings.serviceNameKey.lowercased()), "\(line)")
    }
}
