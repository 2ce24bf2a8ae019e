import Logging
import OBCCore
import ServiceLifecycle

/// Beats `InstancePresence` every interval with the services in force (a SIGHUP reload brings
/// new key sources), until a graceful shutdown; then removes this instance's row. A beat that
/// fails (the database is down) is logged and retried at the next interval.
struct HeartbeatService: Service {
    let presence: InstancePresence
    let interval: Duration
    let services: @Sendable () async -> ManagementServices
    let logger: Logger

    func run() async throws {
        let store = await services().store
        do { try await presence.pruneSilent(store: store) } catch { logger.debug("Heartbeat: pruning silent instances failed: \(error)") }
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await beat()
                try? await Task.sleep(for: interval)
            }
        }
        do {
            try await presence.remove(from: store)
        } catch {
            logger.warning("Heartbeat: could not remove this instance's row on shutdown (it stops counting after three intervals): \(error)")
        }
    }

    private func beat() async {
        do {
            try await presence.beat(services: await services())
        } catch {
            logger.warning("Heartbeat: could not record which keys this instance resolves: \(error)")
        }
    }
}
