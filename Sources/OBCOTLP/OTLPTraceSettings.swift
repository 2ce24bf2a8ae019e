import Foundation
import OBCPluginAPI

/// Where and how `obc serve` exports trace spans over OTLP/HTTP, read from OBC's OpenTelemetry
/// keys. Export is off unless an endpoint is configured, here or in the standard
/// `OTEL_EXPORTER_OTLP_ENDPOINT` / `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` variables (which
/// swift-otel reads too, after these keys, so they win), and `OTEL_SDK_DISABLED` is not true.
public struct OTLPTraceSettings: Sendable, Equatable {
    public static let endpointKey = "OpenBankingConnector:OpenTelemetry:Tracing:OtlpExporterUrl"
    public static let protocolKey = "OpenBankingConnector:OpenTelemetry:Tracing:OtlpProtocol"
    public static let sampleRatioKey = "OpenBankingConnector:OpenTelemetry:Tracing:SampleRatio"
    public static let serviceNameKey = "OpenBankingConnector:OpenTelemetry:ServiceName"
    public static let serviceNamespaceKey = "OpenBankingConnector:OpenTelemetry:ServiceNamespace"
    public static let serviceInstanceIdKey = "OpenBankingConnector:OpenTelemetry:ServiceInstanceId"
    /// Every key read here, for the list of known settings.
    public static let keys = [endpointKey, protocolKey, sampleRatioKey, serviceNameKey, serviceNamespaceKey, serviceInstanceIdKey]

    /// The wire formats this build has (OTLP/gRPC is not built).
    public enum WireProtocol: String, Sendable, CaseIterable {
        case httpProtobuf = "http/protobuf"
        case httpJSON = "http/json"
    }

    /// The URL spans are posted to (`/v1/traces` added to a URL without a path); nil when only
    /// the standard environment variables name it.
    public var tracesURL: String?
    public var wireProtocol: WireProtocol
    /// The share of new traces recorded (a trace started by a caller follows its caller's choice).
    public var sampleRatio: Double
    public var serviceName: String
    public var serviceNamespace: String?
    public var serviceInstanceId: String?

    /// The settings, or nil when export is off.
    public static func read(values: ConfigurationValues, environment: [String: String]) throws(OBCError) -> OTLPTraceSettings? {
        if environment["OTEL_SDK_DISABLED"]?.lowercased() == "true" { return nil }
        let url = try values[endpointKey].map { (text) throws(OBCError) in try tracesURL(from: text) }
        let standard = ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"].contains { environment[$0]?.isEmpty == false }
        guard url != nil || standard else { return nil }
        return OTLPTraceSettings(
            tracesURL: url, wireProtocol: try wireProtocol(values[protocolKey]), sampleRatio: try sampleRatio(values[sampleRatioKey]),
            serviceName: values[serviceNameKey] ?? "OpenBankingConnector", serviceNamespace: values[serviceNamespaceKey],
            serviceInstanceId: values[serviceInstanceIdKey])
    }

    static func tracesURL(from text: String) throws(OBCError) -> String {
        guard var components = URLComponents(string: text), let scheme = components.scheme?.lowercased(), ["http", "https"].contains(scheme),
            components.host?.isEmpty == false
        else {
            throw OBCError(.misconfigured, "\(endpointKey) '\(text)' is not an http:// or https:// URL of an OTLP/HTTP receiver.")
        }
        if components.path.isEmpty || components.path == "/" { components.path = "/v1/traces" }
        return components.string ?? text
    }

    static func wireProtocol(_ text: String?) throws(OBCError) -> WireProtocol {
        guard let text else { return .httpProtobuf }
        if let known = WireProtocol(rawValue: text.lowercased()) { return known }
        let known = WireProtocol.allCases.map(\.rawValue).joined(separator: ", ")
        let grpc = text.lowercased() == "grpc" ? " OTLP/gRPC is not built into obc; point it at the receiver's OTLP/HTTP port (usually 4318)." : ""
        throw OBCError(.misconfigured, "\(protocolKey) '\(text)' is not one of \(known).\(grpc)")
    }

    static func sampleRatio(_ text: String?) throws(OBCError) -> Double {
        guard let text else { return 1 }
        guard let ratio = Double(text), (0...1).contains(ratio) else {
            throw OBCError(.misconfigured, "\(sampleRatioKey) '\(text)' is not a number from 0 to 1.")
        }
        return ratio
    }

    /// Where spans go, without user information or query, for a log line.
    public var destination: String {
        guard let tracesURL, var components = URLComponents(string: tracesURL) else { return "the OTEL_EXPORTER_OTLP_* endpoint" }
        components.user = nil
        components.password = nil
        components.query = nil
        return components.string ?? "the configured endpoint"
    }
}
