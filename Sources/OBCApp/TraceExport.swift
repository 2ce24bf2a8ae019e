import Foundation
import Logging
import OBCCore
import OBCOTLP
import OBCPluginAPI
import ServiceLifecycle

/// Trace export for `obc serve` (the exporter lives in the `OBCOTLP` target): off unless an
/// OTLP endpoint is configured. It bootstraps the process-wide tracer, so only `obc serve`
/// calls it, once, before opening the runtime; tests that run servers in-process never do.
public enum TraceExport {
    /// Logs whether spans are exported and where; returns the exporter's service to run in the
    /// server's service group ahead of the server (nil when export is off).
    public static func start(
        settings: AppSettings, logger: Logger, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(OBCError) -> (any Service)? {
        guard let trace = try OTLPTraceSettings.read(values: settings.values, environment: environment) else {
            logger.info("Trace export is off (set \(OTLPTraceSettings.endpointKey) to send spans over OTLP/HTTP).")
            return nil
        }
        let service = try OTLPTraceExport.bootstrap(trace, version: OBCVersion.current, logger: logger)
        logger.info(
            "Trace export is on",
            metadata: [
                "destination": .string(trace.destination), "protocol": .string(trace.wireProtocol.rawValue),
                "sample_ratio": .string("\(trace.sampleRatio)"),
            ])
        return service
    }
}
