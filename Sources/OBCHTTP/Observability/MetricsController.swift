import Foundation
import Hummingbird
import OBCCore
import OBCObservability

/// `GET /metrics`: the Prometheus text exposition. Store-derived gauges (encrypted objects per
/// key, rotation progress, interrupted registrations) are read at scrape time.
struct MetricsController {
    let metrics: ObservabilityMetrics
    let store: any Store
    let expiry: ExpiryWatch

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/metrics", use: scrape)
    }

    @Sendable func scrape(request: Request, context: AppRequestContext) async throws -> Response {
        await refreshStoreGauges(context: context)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: metrics.exposition())))
    }

    func refreshStoreGauges(context: AppRequestContext) async {
        await refreshCertificateGauges(context: context)
        do {
            let counts = try await store.encryptedObjects.countByKey()
            let current = try await store.settings.currentEncryptionKeyId()
            var byName: [String: Int] = [:]
            var named = Set<UUID>()
            for description in try await store.encryptionKeyDescriptions.list() {
                byName["\(description.key.source)/\(description.key.name)", default: 0] += counts[description.id] ?? 0
                named.insert(description.id)
            }
            for (keyId, count) in counts where !named.contains(keyId) { byName["deleted", default: 0] += count }
            metrics.encryptedObjects(byKeyName: byName, current: current.flatMap { counts[$0] } ?? 0)
        } catch {
            context.logger.warning("Metrics: the store's encrypted-object counts could not be read: \(error)")
        }
        do {
            let interrupted = try await store.registrationAttempts.listInterrupted()
            metrics.interruptedRegistrations(byBankProfile: Dictionary(grouping: interrupted, by: \.bankProfile).mapValues(\.count))
        } catch {
            context.logger.warning("Metrics: the store's interrupted registrations could not be read: \(error)")
        }
    }

    func refreshCertificateGauges(context: AppRequestContext) async {
        do {
            var earliest: [String: Date] = [:]
            var soon: [String: Int] = ["obwac": 0, "obseal": 0]
            let expiring = Set(try await expiry.expiring(within: ExpiryWatch.warningWindow).map(\.id))
            for standing in try await expiry.estate.certificates() {
                let kind = standing.kind == .obWacCertificate ? "obwac" : "obseal"
                if expiring.contains(standing.id) { soon[kind, default: 0] += 1 }
                guard let date = standing.facts?.earliestNotAfter else { continue }
                earliest[kind] = min(earliest[kind] ?? date, date)
            }
            metrics.certificateExpiry(earliest: earliest, expiringWithin30Days: soon)
        } catch {
            context.logger.warning("Metrics: the certificates' expiry could not be read: \(error)")
        }
    }
}
