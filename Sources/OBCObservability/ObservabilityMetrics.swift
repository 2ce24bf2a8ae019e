import Foundation
import Prometheus
import Synchronization

/// Every metric the connector exports, on one Prometheus registry per application (not the
/// process-wide metrics system, so tests running several servers in one process stay apart).
/// Each family is made with its `# HELP` text (`MetricHelp`); counters are Prometheus
/// counters. Labels carry kinds and outcomes only: never an id, a URL or a secret.
public final class ObservabilityMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let process = ProcessMetrics()
    /// Every series already made, by family and labels: the registry validates the name, each
    /// label and the help text every time it is asked for a series, and a request asks twice.
    private let series = Mutex<[SeriesKey: any Sendable]>([:])

    struct SeriesKey: Hashable {
        var family: MetricHelp
        var labels: [String]
    }

    static let durationBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10), .seconds(30),
    ]

    public init() {
        registry = PrometheusCollectorRegistry()
    }

    /// One served HTTP request, by route template (`/manage/software-statements/{softwareStatementId}`).
    public func httpRequest(route: String, method: String, status: Int, duration: Duration) {
        let labels = [("route", route), ("method", method), ("status", String(status))]
        counter(.httpRequests, labels).increment()
        histogram(.httpRequestDuration, [("route", route), ("method", method)]).record(duration)
    }

    /// One call to a bank or the OB Directory, by profile, endpoint kind and outcome.
    public func outboundCall(bankProfile: String?, endpoint: String, outcome: OutboundOutcome, duration: Duration) {
        let profile = bankProfile ?? "none"
        counter(.outboundRequests, [("bank_profile", profile), ("endpoint", endpoint), ("outcome", outcome.rawValue)]).increment()
        histogram(.outboundRequestDuration, [("bank_profile", profile), ("endpoint", endpoint)]).record(duration)
    }

    /// A bank registration created, either by Dynamic Client Registration or by re-using the group's client.
    public func registrationCreated(performedDCR: Bool) {
        counter(.registrationsCreated, [("client", performedDCR ? "registered" : "reused")]).increment()
    }

    /// Encrypted objects per key (labelled by the key's `{Source, Name}`, which is no secret)
    /// and the share already sealed with the current key (1 when rotation is complete).
    public func encryptedObjects(byKeyName counts: [String: Int], current: Int) {
        var total = 0
        for (name, count) in counts {
            gauge(.encryptedObjects, [("key", name)]).set(Double(count))
            total += count
        }
        let progress = total == 0 ? 1 : Double(current) / Double(total)
        gauge(.rotationProgress, []).set(progress)
    }

    /// Certificate expiry by kind (`obwac`, `obseal`): the earliest `NotAfter` of any live
    /// certificate or chain member, as Unix seconds, and how many expire within 30 days
    /// (already expired included). A kind with no certificate reports a count of 0 and no date.
    public func certificateExpiry(earliest: [String: Date], expiringWithin30Days: [String: Int]) {
        for (kind, count) in expiringWithin30Days {
            gauge(.certificatesExpiringSoon, [("kind", kind)]).set(Double(count))
        }
        for (kind, date) in earliest {
            gauge(.certificateEarliestExpiry, [("kind", kind)]).set(date.timeIntervalSince1970)
        }
    }

    /// Registrations interrupted by their process's death (each may have left a client at its
    /// bank), by bank profile; read from the store, so every instance reports all of them.
    public func interruptedRegistrations(byBankProfile counts: [String: Int]) {
        for (profile, count) in counts {
            gauge(.interruptedRegistrations, [("bank_profile", profile)]).set(Double(count))
        }
    }

    /// The Prometheus text exposition of everything above plus the process figures.
    public func exposition() -> String {
        process.update(self)
        return registry.emitToString()
    }

    func counter(_ family: MetricHelp, _ labels: [(String, String)]) -> Counter {
        cached(family, labels) { registry.makeCounter(descriptor: family.descriptor, labels: labels) }
    }

    func gauge(_ family: MetricHelp, _ labels: [(String, String)]) -> Gauge {
        cached(family, labels) { registry.makeGauge(descriptor: family.descriptor, labels: labels) }
    }

    func histogram(_ family: MetricHelp, _ labels: [(String, String)]) -> DurationHistogram {
        cached(family, labels) { registry.makeDurationHistogram(descriptor: family.descriptor, labels: labels, buckets: Self.durationBuckets) }
    }

    /// The series of `family` with `labels`, made by the registry the first time only.
    private func cached<Series: Sendable>(_ family: MetricHelp, _ labels: [(String, String)], make: () -> Series) -> Series {
        var flat: [String] = []
        flat.reserveCapacity(labels.count * 2)
        for (name, value) in labels {
            flat.append(name)
            flat.append(value)
        }
        let key = SeriesKey(family: family, labels: flat)
        if let known = series.withLock({ $0[key] }) as? Series { return known }
        let made = make()
        series.withLock { $0[key] = made }
        return made
    }
}
