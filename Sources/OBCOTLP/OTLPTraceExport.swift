import Logging
import OBCPluginAPI
import OTel
import ServiceLifecycle
import Tracing

/// The process's tracer, from swift-otel's tracing backend alone: our own swift-log and
/// swift-metrics/Prometheus bootstraps stay as they are.
public enum OTLPTraceExport {
    /// Bootstraps `InstrumentationSystem` with an OTLP/HTTP tracer and returns the service that
    /// batches and sends its spans. Run that service in the server's service group, started
    /// before the server, so it shuts down after it and the last spans are flushed. Call once per
    /// process (the instrumentation system can be bootstrapped only once).
    public static func bootstrap(_ settings: OTLPTraceSettings, version: String, logger: Logger) throws(OBCError) -> any Service {
        let backend: (factory: any Tracer, service: any Service)
        do {
            backend = try OTel.makeTracingBackend(configuration: configuration(settings, version: version, logger: logger))
        } catch {
            throw OBCError(.misconfigured, "Trace export cannot start: \(error).")
        }
        InstrumentationSystem.bootstrap(backend.factory)
        return backend.service
    }

    /// swift-otel's configuration for `settings`: traces only, over OTLP/HTTP.
    static func configuration(_ settings: OTLPTraceSettings, version: String, logger: Logger) -> OTel.Configuration {
        var configuration = OTel.Configuration.default
        configuration.serviceName = settings.serviceName
        configuration.resourceAttributes["service.version"] = version
        if let namespace = settings.serviceNamespace { configuration.resourceAttributes["service.namespace"] = namespace }
        if let instance = settings.serviceInstanceId { configuration.resourceAttributes["service.instance.id"] = instance }
        configuration.diagnosticLogger = .custom(logger)
        configuration.metrics.enabled = false
        configuration.logs.enabled = false
        configuration.traces.exporter = .otlp
        if settings.sampleRatio < 1,
            let sampler = OTel.Configuration.TracesConfiguration.SamplerConfiguration.parentBasedTraceIDRatio(ratio: settings.sampleRatio)
        {
            configuration.traces.sampler = sampler
        }
        if let url = settings.tracesURL { configuration.traces.otlpExporter.endpoint = url }
        configuration.traces.otlpExporter.protocol = settings.wireProtocol == .httpJSON ? .httpJSON : .httpProtobuf
        return configuration
    }
}
