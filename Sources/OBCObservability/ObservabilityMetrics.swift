import CoreMetrics
import Foundation
import Metrics
import Prometheus

/// Every metric the connector exports, on one Prometheus registry per application (not the
/// process-wide metrics system, so tests running several servers in one process stay apart).
/// Labels carry kinds and outcomes only: never an id, a URL or a secret.
public final class ObservabilityMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory
    let process = ProcessMetrics()

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
            .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10), .seconds(30),
        ]
        self.factory = factory
    }

    /// One served HTTP request, by route template (`/manage/software-statements/{softwareStatementId}`).
    public func httpRequest(route: String, method: String, status: Int, duration: Duration) {
        let labels = [("route", route), ("method", method), ("status", String(status))]
        Counter(label: "obc_http_requests_total", dimensions: labels, factory: factory).increment()
        CoreMetrics.Timer(label: "obc_http_request_duration_seconds", dimensions: [("route", route), ("method", method)], factory: factory)
            .record(duration: duration)
    }

    /// One call to a bank or the OB Directory, by profile, endpoint kind and outcome.
    public func outboundCall(bankProfile: String?, endpoint: String, outcome: OutboundOutcome, duration: Duration) {
        let profile = bankProfile ?? "none"
        Counter(
            label: "obc_outbound_requests_total", dimensions: [("bank_profile", profile), ("endpoint", endpoint), ("outcome", outcome.rawValue)],
            factory: factory
        ).increment()
        CoreMetrics.Timer(
            label: "obc_outbound_request_duration_seconds", dimensions: [("bank_profile", profile), ("endpoint", endpoint)], factory: factory
        ).record(duration: duration)
    }

    /// A bank registration created, either by Dynamic Client Registration or by re-using the group's client.
    public func registrationCreated(performedDCR: Bool) {
        Counter(label: "obc_bank_registrations_created_total", dimensions: [("client", performedDCR ? "registered" : "reused")], factory: factory)
            .increment()
    }

    /// Encrypted objects per key (labelled by the key's `{Source, Name}`, which is no secret)
    /// and the share already sealed with the current key (1 when rotation is complete).
    public func encryptedObjects(byKeyName counts: [String: Int], current: Int) {
        var total = 0
        for (name, count) in counts {
            Gauge(label: "obc_encrypted_objects", dimensions: [("key", name)], factory: factory).record(count)
            total += count
        }
        let progress = total == 0 ? 1 : Double(current) / Double(total)
        Gauge(label: "obc_encryption_key_rotation_progress_ratio", factory: factory).record(progress)
    }

    /// Certificate expiry by kind (`obwac`, `obseal`): the earliest `NotAfter` of any live
    /// certificate or chain member, as Unix seconds, and how many expire within 30 days
    /// (already expired included). A kind with no certificate reports a count of 0 and no date.
    public func certificateExpiry(earliest: [String: Date], expiringWithin30Days: [String: Int]) {
        for (kind, count) in expiringWithin30Days {
            Gauge(label: "obc_certificates_expiring_within_30_days", dimensions: [("kind", kind)], factory: factory).record(count)
        }
        for (kind, date) in earliest {
            Gauge(label: "obc_certificate_earliest_expiry_timestamp_seconds", dimensions: [("kind", kind)], factory: factory)
                .record(date.timeIntervalSince1970)
        }
    }

    /// Registrations interrupted by their process's death (each may have left a client at its
    /// bank), by bank profile; read from the store, so every instance reports all of them.
    public func interruptedRegistrations(byBankProfile counts: [String: Int]) {
        for (profile, count) in counts {
            Gauge(label: "obc_interrupted_registrations", dimensions: [("bank_profile", profile)], factory: factory).record(count)
        }
    }

    /// The Prometheus text exposition of everything above plus the process figures.
    public func exposition() -> String {
        process.update(factory: factory)
        return registry.emitToString()
    }
}

/// How an outbound call ended, as a metric label.
public enum OutboundOutcome: String, Sendable {
    case success = "2xx"
    case clientError = "4xx"
    case serverError = "5xx"
    case other = "other_status"
    case timeout
    case tlsFailure = "tls_failure"
    case refused
    case transportError = "transport_error"

    public init(status: Int) {
        switch status {
        case 200..<300: self = .success
        case 400..<500: self = .clientError
        case 500..<600: self = .serverError
        default: self = .other
        }
    }

    /// From the `transportFailure` extra the outbound adapter sets.
    public init(transportFailure: String?) {
        switch transportFailure {
        case "timeout": self = .timeout
        case "tls": self = .tlsFailure
        case "refused": self = .refused
        default: self = .transportError
        }
    }
}
